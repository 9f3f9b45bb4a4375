import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { generateRss, startLoopbackServer, type LoopbackServer } from './loopback-server.js';

/** A loopback feed server that misbehaves on purpose, and counts what it was asked. */
export interface FaultServer extends LoopbackServer {
  stats: FaultStats;
}

/** What the fault server saw, updated live. */
export interface FaultStats {
  /** Requests per path. */
  hits: Map<string, number>;
  /** Highest number of requests in flight at once. */
  peakInFlight: number;
  /** Bytes of response bodies sent. */
  bytesSent: number;
}

const FEED = generateRss(3, 'fault');

/**
 * Starts the fault-injection server. Paths: `/ok`, `/etag` (304 on a matching If-None-Match),
 * `/slow/<ms>`, `/hang`, `/reset`, `/500`, `/flaky/<n>` (500 for the first n requests), `/429/<s>`
 * (Retry-After: s, then 200), `/loop` (redirect loop), `/moved` (301 → /ok), `/gzip-bomb`,
 * `/endless`, `/mislabelled` (GBK bytes labelled UTF-8), `/truncated`, `/404`.
 */
export async function startFaultServer(): Promise<FaultServer> {
  let inFlight = 0;
  const state: FaultStats = { hits: new Map<string, number>(), peakInFlight: 0, bytesSent: 0 };
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
  const loopback = await startLoopbackServer((request, response) => {
    const path = request.url ?? '/';
    const hit = (state.hits.get(path) ?? 0) + 1;
    state.hits.set(path, hit);
    inFlight++;
    state.peakInFlight = Math.max(state.peakInFlight, inFlight);
    response.on('close', () => inFlight--);
    const send = (status: number, body: string | Buffer, headers: Record<string, string> = {}): void => {
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      state.bytesSent += bytes.length;
      response.writeHead(status, { 'content-type': 'application/rss+xml; charset=utf-8', ...headers });
      response.end(bytes);
    };
    const [, route = '', argument = ''] = path.split('/');
    switch (route) {
      case 'ok':
        return send(200, FEED);
      case 'etag':
        if (request.headers['if-none-match'] === '"v1"') return send(304, '', { etag: '"v1"' });
        return send(200, FEED, { etag: '"v1"', 'last-modified': 'Thu, 16 Dec 2021 03:28:08 GMT' });
      case 'slow':
        setTimeout(() => send(200, FEED), Number(argument));
        return;
      case 'hang':
        return;
      case 'reset':
        request.socket.destroy();
        return;
      case '500':
        return send(500, 'boom');
      case 'flaky':
        return hit <= Number(argument) ? send(503, 'busy') : send(200, FEED);
      case '429':
        return hit === 1 ? send(429, 'slow down', { 'retry-after': argument }) : send(200, FEED);
      case 'loop':
        return send(302, '', { location: '/loop' });
      case 'moved':
        return send(301, '', { location: '/ok' });
      case 'gzip-bomb':
        return send(200, bomb, { 'content-encoding': 'gzip' });
      case 'endless': {
        response.writeHead(200, { 'content-type': 'application/rss+xml' });
        const chunk = Buffer.alloc(64 * 1024, 'x');
        const pump = (): void => {
          while (!response.destroyed && response.write(chunk)) state.bytesSent += chunk.length;
          if (!response.destroyed) response.once('drain', pump);
        };
        pump();
        return;
      }
      case 'mislabelled':
        return send(
          200,
          iconv.encode(
            FEED.replace(
              '<?xml version="1.0" encoding="UTF-8"?>',
              '<?xml version="1.0" encoding="gbk"?>',
            ).replaceAll('fault', '故障'),
            'gbk',
          ),
          {
            'content-type': 'application/rss+xml; charset=utf-8',
          },
        );
      case 'truncated':
        return send(200, FEED.slice(0, Math.floor(FEED.length * 0.7)));
      default:
        return send(404, 'not found');
    }
  });
  return { ...loopback, stats: state };
}
