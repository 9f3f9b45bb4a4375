import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { openSiteFile, type SiteFile } from './site-file-lookup.js';

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
  '.webmanifest': 'application/manifest+json; charset=utf-8',
};
// Feeds are served with their own types so browsers and readers recognise them.
const FILE_TYPES: Record<string, string> = {
  'atom.xml': 'application/atom+xml; charset=utf-8',
  'rss.xml': 'application/rss+xml; charset=utf-8',
  'feed.json': 'application/feed+json; charset=utf-8',
};

/**
 * Creates the preview server's handler: static files with correct types, the site's 404 page, mounts.
 * Every failure becomes a response (404, or 500 for a fault of the machine), never a rejected promise.
 */
export function createStaticSiteHandler(options: StaticSiteOptions): RequestHandler {
  const root = path.resolve(options.root);
  // A URL's pathname stays percent-encoded (`/%E6%96%B0%E9%97%BB/` for `/新闻/`); requests are
  // compared decoded.
  const basePath = (decodePath(options.basePath ?? '/') ?? options.basePath ?? '/').replace(/\/?$/, '/');
  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = parseTarget(request.url);
    if (!url) return notFound(root, request, response);
    const mount = options.mounts?.find((entry) => url.pathname.startsWith(entry.prefix));
    if (mount) return mount.handler(request, response);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    // `//posts/ab` (from `/x/..//posts/ab`) must not become a protocol-relative Location.
    const location = `/${url.pathname.replace(/^\/+/, '')}/${url.search}`;
    let pathname = decodePath(url.pathname);
    if (pathname === null || pathname.includes('\0')) return notFound(root, request, response);
    if (basePath !== '/' && pathname === basePath.slice(0, -1)) {
      response.writeHead(301, { location }).end();
      return;
    }
    if (basePath !== '/' && pathname.startsWith(basePath)) pathname = `/${pathname.slice(basePath.length)}`;
    const found = await openSiteFile(root, pathname);
    if (found === 'directory') {
      if (!url.pathname.endsWith('/')) {
        response.writeHead(301, { location }).end();
        return;
      }
      return sendOrNotFound(await openSiteFile(root, `${pathname}/index.html`), root, request, response);
    }
    // `/posts/ab12` serves `posts/ab12.html`, as GitHub Pages and most static hosts do.
    if (!found && !pathname.endsWith('/') && path.posix.extname(pathname) === '')
      return sendOrNotFound(await openSiteFile(root, `${pathname}.html`), root, request, response);
    return sendOrNotFound(found, root, request, response);
  };
  return async (request, response) => {
    try {
      await serve(request, response);
    } catch {
      // A fault of the machine (EIO, EMFILE…) or of a mount: answer it, and keep serving.
      if (response.headersSent) return void response.destroy();
      response.writeHead(500, { 'content-type': CONTENT_TYPES['.txt'] }).end('Internal error\n');
    }
  };
}

async function sendOrNotFound(
  found: SiteFile | 'directory' | null,
  root: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (found && found !== 'directory') return sendFile(found, 200, request, response);
  return notFound(root, request, response);
}

/**
 * Streams an open file. The file was opened before the status line, so a rebuild that deletes or
 * replaces it meanwhile cannot turn the answer into a crash: the reader keeps the version it opened.
 */
async function sendFile(
  file: SiteFile,
  status: number,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const name = path.basename(file.path);
  const type =
    FILE_TYPES[name] ?? CONTENT_TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream';
  // Fingerprinted assets and index shards never change under the same name.
  const immutable = /\.[0-9a-f]{12}\.(css|js|json)$/.test(name);
  const size = file.info.size;
  if (request.method === 'HEAD' || size === 0) await file.handle.close();
  response.writeHead(status, {
    'content-type': type,
    'content-length': size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (request.method === 'HEAD' || size === 0) {
    response.end();
    return;
  }
  const stream = file.handle.createReadStream({ start: 0, end: size - 1 });
  try {
    await pipeline(stream, response);
  } catch {
    // The client left, or the read failed mid-way: the status is sent, so only the connection can say so.
    response.destroy();
    return;
  }
  // A file cut short under us would leave the client waiting for the promised length.
  if (stream.bytesRead < size) response.destroy();
}

async function notFound(root: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const found = await openSiteFile(root, '/404.html').catch(() => null);
  let page: Buffer | null = null;
  if (found && found !== 'directory') {
    page = await found.handle.readFile().catch(() => null);
    await found.handle.close().catch(() => undefined);
  }
  response.writeHead(404, { 'content-type': page ? CONTENT_TYPES['.html'] : CONTENT_TYPES['.txt'] });
  response.end(request.method === 'HEAD' ? undefined : (page ?? 'Not found\n'));
}

/** The request target as a URL, or null when it is none (`//..%2F…` reads as an invalid host). */
function parseTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

function decodePath(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}
