import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DiskMediaCache } from './disk-cache.js';
import { createGuardedAgent, type Resolver } from './guarded-agent.js';
import { MemoryMediaCache } from './media-cache.js';
import { createNodeHopFetcher } from './node-upstream.js';
import { createProxyApp, type ProxyApp, type ProxyAppOptions } from './proxy-app.js';
import type { ProxyRequest, ProxyResponse } from './proxy-http.js';

/** Options of the proxy on Node: the app's options plus the cache folder and connection limits. */
export interface NodeProxyOptions extends Omit<ProxyAppOptions, 'fetchHop' | 'cache'> {
  /** Without a folder the cache lives in memory only. */
  cacheDir?: string | null;
  /** Bound of the cache: of the folder with `cacheDir`, else of memory (default 512 MB on disk, 64 MB in memory). */
  cacheMaxBytes?: number;
  /** Hot copy of a disk cache kept in memory (default: a quarter of `cacheMaxBytes`, at most 64 MB). */
  memoryCacheBytes?: number;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  maxHeaderBytes?: number;
  resolve?: Resolver;
}

/** The proxy app on Node with its guarded agent; `close` finishes cache writes and releases connections. */
export interface NodeProxy {
  app: ProxyApp;
  /** Resolves when every background cache write has reached the disk. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const defaultDiskBytes = 512 * 1024 * 1024;
const maxHotBytes = 64 * 1024 * 1024;

/**
 * The default hot copy of a disk cache: a quarter of its bound, at most 64 MB. It only saves reads of
 * files the page cache likely holds too, so a small bound (a small machine) must not cost 64 MB of heap.
 */
function hotCopyBytes(cacheMaxBytes: number): number {
  return Math.min(maxHotBytes, Math.floor(cacheMaxBytes / 4));
}

/** Builds the Node proxy: SSRF-guarded undici agent, disk (or memory) cache, the app. */
export async function createNodeProxy(options: NodeProxyOptions): Promise<NodeProxy> {
  const idleTimeoutMs = options.limits?.idleTimeoutMs ?? 10_000;
  const agent = createGuardedAgent({
    allowUpstream: options.upstream?.allowUpstream ?? new Set(),
    connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    headersTimeoutMs: options.headersTimeoutMs ?? 10_000,
    idleTimeoutMs,
    maxHeaderBytes: options.maxHeaderBytes ?? 16 * 1024,
    resolve: options.resolve,
  });
  const cache = options.cacheDir
    ? await DiskMediaCache.open({
        dir: options.cacheDir,
        maxBytes: options.cacheMaxBytes ?? defaultDiskBytes,
        memoryBytes: options.memoryCacheBytes ?? hotCopyBytes(options.cacheMaxBytes ?? defaultDiskBytes),
        onError: (error) => options.logger?.warn({ err: error }, 'cache write failed'),
      })
    : new MemoryMediaCache(options.cacheMaxBytes ?? maxHotBytes);
  const app = createProxyApp({ ...options, fetchHop: createNodeHopFetcher(agent), cache });
  const flush = async () => {
    if (cache instanceof DiskMediaCache) await cache.flush();
  };
  const close = async () => {
    await flush();
    await agent.close();
  };
  return { app, flush, close };
}

/** A node:http server that hands every request to the app (the thin adapter). */
export function createProxyServer(app: ProxyApp): Server {
  return createServer(createProxyRequestHandler(app));
}

/** The adapter as a plain node:http request handler, so other servers (`newsmill serve`) can mount it. */
export function createProxyRequestHandler(
  app: ProxyApp,
): (request: IncomingMessage, response: ServerResponse) => void {
  const send = (request: IncomingMessage, response: ServerResponse, answer: ProxyResponse): void => {
    try {
      response.writeHead(answer.status, answer.headers);
      response.end(answer.body && request.method !== 'HEAD' ? answer.body : undefined);
    } catch {
      response.destroy();
    }
  };
  return (request, response) => {
    const proxyRequest: ProxyRequest = {
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      headers: request.headers,
    };
    // Hot hits are answered at once: no promise, no microtask.
    const ready = app.handleHot(proxyRequest);
    if (ready) {
      send(request, response, ready);
      return;
    }
    app.handleCold(proxyRequest).then(
      (answer) => send(request, response, answer),
      () => {
        // handle() turns every expected failure into a response; this is a bug, so hide the details.
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end('internal error\n');
      },
    );
  };
}

/** Starts the adapter on host:port (port 0 picks a free one) and returns its URL. */
export async function listenProxy(
  app: ProxyApp,
  host: string,
  port: number,
): Promise<{ url: string; server: Server }> {
  const server = createProxyServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${shown}:${address.port}`, server };
}
