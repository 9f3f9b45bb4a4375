import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { startLoopbackServer, type LoopbackServer } from '../../test-support/loopback-server.js';

/** A tiny but real JPEG header followed by filler: enough for the magic-number check. */
export const jpegBytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(2000, 7)]);
/** A PNG signature followed by filler. */
export const pngBytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 1)]);
/** An SVG with script: what an attacker serves as an "image". */
export const svgBytes = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>');
const htmlBytes = Buffer.from('<!doctype html><html><script>alert(document.cookie)</script></html>');

/** The fake image host: what it was asked, and how many body bytes it managed to send. */
export interface FakeUpstream extends LoopbackServer {
  requests: { path: string; headers: IncomingHttpHeaders }[];
  hits(path: string): number;
  bytesSent: number;
  /** Extra TCP connections count: a refused target must stay at 0. */
  connections: number;
}

/** An image of `size` bytes with a unique prefix, for cache tests. */
export function sizedJpeg(size: number): Buffer {
  return Buffer.concat([jpegBytes.subarray(0, 11), Buffer.alloc(Math.max(0, size - 11), 3)]);
}

function image(response: ServerResponse, type: string, body: Buffer, extra: Record<string, string> = {}): void {
  response.writeHead(200, { 'content-type': type, 'content-length': body.byteLength, ...extra });
  response.end(body);
}

/** Streams filler until `limit` bytes or until the client goes away, respecting backpressure. */
function stream(upstream: FakeUpstream, response: ServerResponse, limit: number): void {
  let sent = 0;
  const chunk = Buffer.concat([jpegBytes.subarray(0, 11), Buffer.alloc(64 * 1024 - 11)]);
  const pump = (): void => {
    while (sent < limit && !response.destroyed) {
      sent += chunk.byteLength;
      upstream.bytesSent += chunk.byteLength;
      if (!response.write(chunk)) return void response.once('drain', pump);
    }
    if (!response.destroyed) response.end();
  };
  pump();
}

/**
 * Starts the fake image host on 127.0.0.1:0. Paths: `/a.jpg` (ETag, Last-Modified), `/a.png`,
 * `/slow.jpg` (200 ms), `/html-as-jpeg`, `/svg`, `/svg-as-png`, `/page` (text/html), `/huge-declared`,
 * `/huge-chunked`, `/drip`, `/stall`, `/big-headers`, `/gzip`, `/loop`, `/chain/<n>` (n redirects
 * then /a.jpg), `/to?<url>` (302 to url), `/404`, `/size/<bytes>/<name>`.
 */
export async function startFakeUpstream(): Promise<FakeUpstream> {
  const timers = new Set<ReturnType<typeof setInterval>>();
  const upstream = (await startLoopbackServer((request, response) => {
    const path = request.url ?? '/';
    upstream.requests.push({ path, headers: request.headers });
    const lastModified = 'Wed, 01 Jan 2025 00:00:00 GMT';
    const sized = /^\/size\/(\d+)\//.exec(path);
    if (sized) return image(response, 'image/jpeg', sizedJpeg(Number(sized[1])));
    const chain = /^\/chain\/(\d+)$/.exec(path);
    if (chain) {
      const left = Number(chain[1]);
      response.writeHead(302, { location: left > 1 ? `/chain/${left - 1}` : '/a.jpg' });
      return void response.end();
    }
    if (path.startsWith('/to?')) {
      response.writeHead(302, { location: decodeURIComponent(path.slice(4)) });
      return void response.end();
    }
    switch (path) {
      case '/a.jpg':
        return image(response, 'image/jpeg', jpegBytes, { etag: '"v1"', 'last-modified': lastModified });
      case '/a.png':
        return image(response, 'image/png', pngBytes);
      case '/webp-as-jpeg':
        return image(response, 'image/jpeg', Buffer.from('RIFF\x10\0\0\0WEBPVP8 \0\0\0\0', 'latin1'));
      case '/slow.jpg':
        return void setTimeout(() => image(response, 'image/jpeg', jpegBytes), 200);
      case '/html-as-jpeg':
        return image(response, 'image/jpeg', htmlBytes);
      case '/svg':
        return image(response, 'image/svg+xml', svgBytes);
      case '/svg-as-png':
        return image(response, 'image/png', svgBytes);
      case '/page':
        return image(response, 'text/html', htmlBytes);
      case '/no-type':
        response.writeHead(200, { 'content-length': jpegBytes.byteLength });
        return void response.end(jpegBytes);
      case '/huge-declared':
        response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': 200 * 1024 * 1024 });
        return stream(upstream, response, 200 * 1024 * 1024);
      case '/huge-chunked':
        response.writeHead(200, { 'content-type': 'image/jpeg' });
        return stream(upstream, response, 200 * 1024 * 1024);
      case '/drip': {
        response.writeHead(200, { 'content-type': 'image/jpeg' });
        response.write(jpegBytes.subarray(0, 11));
        const timer = setInterval(() => (response.destroyed ? clearInterval(timer) : response.write('x')), 50);
        timers.add(timer);
        return;
      }
      case '/stall':
        response.writeHead(200, { 'content-type': 'image/jpeg' });
        return void response.write(jpegBytes.subarray(0, 11));
      case '/big-headers':
        response.writeHead(200, { 'content-type': 'image/jpeg', 'x-padding': 'a'.repeat(100_000) });
        return void response.end(jpegBytes);
      case '/gzip':
        return image(response, 'image/jpeg', jpegBytes, { 'content-encoding': 'gzip' });
      case '/loop':
        response.writeHead(302, { location: '/loop' });
        return void response.end();
      default:
        response.writeHead(404, { 'content-type': 'text/plain' });
        return void response.end('not found');
    }
  })) as FakeUpstream;
  upstream.requests = [];
  upstream.bytesSent = 0;
  upstream.connections = 0;
  upstream.hits = (path) => upstream.requests.filter((request) => request.path === path).length;
  upstream.server.on('connection', () => upstream.connections++);
  const close = upstream.close;
  upstream.close = async () => {
    for (const timer of timers) clearInterval(timer);
    await close();
  };
  return upstream;
}
