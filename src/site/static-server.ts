import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

/** A Node request handler, such as the image proxy app's. */
export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/** What the preview server serves. */
export interface StaticSiteOptions {
  /** The built site's folder. */
  root: string;
  /** The site URL's path (e.g. `/newsmill-demo/`): requests below it are served as if at `/`. */
  basePath?: string;
  /** Handlers for URL prefixes served before the files, e.g. the image proxy at `/i/`. */
  mounts?: ReadonlyArray<{ prefix: string; handler: RequestHandler }>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};
// Feeds are served with their own types so browsers and readers recognise them.
const FILE_TYPES: Record<string, string> = {
  'atom.xml': 'application/atom+xml; charset=utf-8',
  'rss.xml': 'application/rss+xml; charset=utf-8',
  'feed.json': 'application/feed+json; charset=utf-8',
};

/** Creates the preview server's handler: static files with correct types, the site's 404 page, mounts. */
export function createStaticSiteHandler(options: StaticSiteOptions): RequestHandler {
  const root = path.resolve(options.root);
  // A URL's pathname stays percent-encoded (`/%E6%96%B0%E9%97%BB/` for `/新闻/`); requests are
  // compared decoded.
  const basePath = decodePath(options.basePath ?? '/').replace(/\/?$/, '/');
  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const mount = options.mounts?.find((entry) => url.pathname.startsWith(entry.prefix));
    if (mount) return mount.handler(request, response);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return notFound(root, request, response);
    }
    if (basePath !== '/' && pathname === basePath.slice(0, -1)) {
      response.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
      return;
    }
    if (basePath !== '/' && pathname.startsWith(basePath)) pathname = `/${pathname.slice(basePath.length)}`;
    const file = path.join(root, path.normalize(pathname));
    // Dot-files (the build manifest, temp files) and anything outside the root are never served.
    if (!file.startsWith(root) || /(^|[/\\])\./.test(path.relative(root, file)))
      return notFound(root, request, response);
    const info = await stat(file).catch(() => null);
    if (info?.isDirectory()) {
      if (!url.pathname.endsWith('/')) {
        response.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
        return;
      }
      return sendFile(path.join(file, 'index.html'), 200, request, response, () =>
        notFound(root, request, response),
      );
    }
    if (info?.isFile())
      return sendFile(file, 200, request, response, () => notFound(root, request, response));
    // `/posts/ab12` serves `posts/ab12.html`, as GitHub Pages and most static hosts do.
    if (!pathname.endsWith('/') && path.extname(file) === '')
      return sendFile(`${file}.html`, 200, request, response, () => notFound(root, request, response));
    return notFound(root, request, response);
  };
}

async function sendFile(
  file: string,
  status: number,
  request: IncomingMessage,
  response: ServerResponse,
  missing: () => Promise<void>,
): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return missing();
  const name = path.basename(file);
  const type =
    FILE_TYPES[name] ?? CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  // Fingerprinted assets and index shards never change under the same name.
  const immutable = /\.[0-9a-f]{12}\.(css|js|json)$/.test(name);
  response.writeHead(status, {
    'content-type': type,
    'content-length': info.size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file).pipe(response);
}

async function notFound(root: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const page = await readFile(path.join(root, '404.html')).catch(() => null);
  response.writeHead(404, { 'content-type': page ? CONTENT_TYPES['.html'] : CONTENT_TYPES['.txt'] });
  response.end(request.method === 'HEAD' ? undefined : (page ?? 'Not found\n'));
}

function decodePath(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
