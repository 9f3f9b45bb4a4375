import { ProxyError } from '../core/errors.js';
import { asProxyError, fetchMedia, type FetchLimits, type HopFetcher } from './image-fetch.js';
import { MemoryMediaCache, type CachedMedia, type MediaCache } from './media-cache.js';
import { countRefusal, createProxyMetrics, type ProxyMetrics } from './proxy-metrics.js';
import {
  jsonResponse,
  serveMedia,
  textResponse,
  type ProxyRequest,
  type ProxyResponse,
} from './proxy-http.js';
import { refererFor, defaultReferers, type UpstreamPolicy } from './upstream-policy.js';
import { verifyImageUrl } from './url-signing.js';

/** The part of a pino logger the proxy uses, so the app stays free of Node-only imports. */
export interface ProxyLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** Everything the proxy app needs; only `secret` and `fetchHop` have no default. */
export interface ProxyAppOptions {
  secret: string;
  /** Performs one upstream GET; on Node it is the guarded undici agent (connect-time IP checks). */
  fetchHop: HopFetcher;
  cache?: MediaCache;
  upstream?: Partial<UpstreamPolicy>;
  limits?: Partial<FetchLimits>;
  /** How long an upstream failure is remembered, so a broken image cannot make us hammer its host. */
  negativeTtlMs?: number;
  /** How long a cached file is served before it is fetched again. */
  cacheTtlMs?: number;
  /** Legacy `/?<url>` mode: unsigned, so only for these hosts (and their subdomains); null disables it. */
  unsignedHosts?: readonly string[] | null;
  logger?: ProxyLogger;
}

/** The proxy as an object: tests and adapters hand it requests, no port involved. */
export interface ProxyApp {
  handle(request: ProxyRequest): Promise<ProxyResponse>;
  /** Shorthand for tests: `app.request('/i/…', { method: 'HEAD' })`. */
  request(url: string, init?: { method?: string; headers?: Record<string, string> }): Promise<ProxyResponse>;
  readonly metrics: ProxyMetrics;
}

/**
 * The defaults of the upstream limits: 15 MB, 4 redirects, images only, no SVG; 30 s in all, and the body
 * within 15 s of the head, at 1 KB/s on average or better once it has had 5 s to get going.
 */
export const defaultFetchLimits: FetchLimits = {
  maxRedirects: 4,
  maxBytes: 15 * 1024 * 1024,
  totalTimeoutMs: 30_000,
  idleTimeoutMs: 10_000,
  bodyTimeoutMs: 15_000,
  minBytesPerSecond: 1024,
  rateWindowMs: 5_000,
  media: { video: false, audio: false, svg: false },
};

const silentLogger: ProxyLogger = { info: () => undefined, warn: () => undefined };
const signedPath = /^\/i\/([0-9a-f]{64})\/([A-Za-z0-9_-]+)$/;

/** Creates the proxy app: routing, signature checks, cache, shared upstream fetches and metrics. */
export function createProxyApp(options: ProxyAppOptions): ProxyApp {
  const policy: UpstreamPolicy = {
    allowUpstream: options.upstream?.allowUpstream ?? new Set(),
    referers: options.upstream?.referers ?? defaultReferers,
  };
  const limits: FetchLimits = { ...defaultFetchLimits, ...options.limits };
  const cache: MediaCache = options.cache ?? new MemoryMediaCache(64 * 1024 * 1024);
  const negativeTtlMs = options.negativeTtlMs ?? 30_000;
  const cacheTtlMs = options.cacheTtlMs ?? 7 * 24 * 3600 * 1000;
  const logger = options.logger ?? silentLogger;
  const metrics = createProxyMetrics();
  const inflight = new Map<string, Promise<CachedMedia>>();
  const failures = new Map<string, { error: ProxyError; until: number }>();
  const started = Date.now();

  const refuse = (error: ProxyError, url: string | null): ProxyResponse => {
    countRefusal(metrics, error.reason);
    logger.warn({ reason: error.reason, status: error.status, url }, error.message);
    return textResponse(error.status, `${error.reason}: ${error.message}`);
  };

  const unsignedHost = (hostname: string): boolean =>
    refererFor(
      hostname,
      new Map((options.unsignedHosts ?? []).map((host) => [host.toLowerCase(), 'yes'])),
    ) !== null;

  const fetchAndStore = async (url: string, key: string, unsigned: boolean): Promise<CachedMedia> => {
    metrics.upstreamFetches++;
    const begin = Date.now();
    const media: CachedMedia = {
      ...(await fetchMedia(url, options.fetchHop, policy, limits, unsigned ? unsignedHost : undefined)),
      storedAt: Date.now(),
    };
    metrics.bytesFetched += media.body.byteLength;
    logger.info({ url, bytes: media.body.byteLength, ms: Date.now() - begin }, 'fetched');
    try {
      await cache.put(key, media);
    } catch (error) {
      logger.warn({ url, err: error }, 'cache write failed');
    }
    return media;
  };

  const serveUpstream = async (
    request: ProxyRequest,
    url: string,
    unsigned = false,
  ): Promise<ProxyResponse> => {
    // Unsigned fetches get their own key: a signed fetch of the same URL may follow redirects they may not.
    const key = unsigned ? `unsigned ${url}` : url;
    const cached = await cache.get(key);
    if (cached && Date.now() - cached.storedAt < cacheTtlMs) {
      metrics.hits++;
      return serveMedia(request, cached, 'HIT');
    }
    const failure = failures.get(key);
    if (failure && failure.until > Date.now()) {
      metrics.negativeHits++;
      return refuse(failure.error, url);
    }
    metrics.misses++;
    let pending = inflight.get(key);
    if (pending) metrics.coalesced++;
    else {
      pending = fetchAndStore(url, key, unsigned).finally(() => inflight.delete(key));
      inflight.set(key, pending);
    }
    try {
      return serveMedia(request, await pending, 'MISS');
    } catch (caught) {
      const error = asProxyError(caught);
      rememberFailure(failures, key, error, negativeTtlMs);
      return refuse(error, url);
    }
  };

  const route = async (request: ProxyRequest): Promise<ProxyResponse> => {
    const path = request.url;
    const signed = signedPath.exec(path.split('?', 1)[0] ?? '');
    if (signed) {
      const url = verifyImageUrl(signed[1] ?? '', signed[2] ?? '', options.secret);
      if (url === null) return refuse(new ProxyError('signature does not match', 'bad-signature', 403), null);
      return serveUpstream(request, url);
    }
    if (path.startsWith('/i/'))
      return refuse(new ProxyError('malformed signed URL', 'bad-signature', 403), null);
    if (path.startsWith('/?')) return serveUnsigned(request, path.slice(2));
    if (path === '/healthz') {
      return jsonResponse({
        ok: true,
        uptimeSeconds: Math.round((Date.now() - started) / 1000),
        cacheBytes: cache.size,
        memoryCacheBytes: cache.memorySize ?? cache.size,
        metrics,
      });
    }
    if (path === '/metrics') return jsonResponse(metrics);
    return textResponse(404, 'not found');
  };

  const serveUnsigned = (request: ProxyRequest, raw: string): Promise<ProxyResponse> | ProxyResponse => {
    const hosts = options.unsignedHosts;
    if (!hosts?.length) return refuse(new ProxyError('unsigned URLs are disabled', 'unsigned', 403), null);
    // The ancestor's worker put the raw URL after `?`; accept it percent-encoded as well.
    const url = /^https?%3A/i.test(raw) ? safeDecode(raw) : raw;
    let host = '';
    try {
      host = new URL(url).hostname.toLowerCase();
    } catch {
      return refuse(new ProxyError('not an absolute URL', 'invalid-url', 400), null);
    }
    if (!unsignedHost(host))
      return refuse(new ProxyError(`host ${host} is not on the allowlist`, 'host-not-allowed', 403), url);
    return serveUpstream(request, url, true);
  };

  const handle = async (request: ProxyRequest): Promise<ProxyResponse> => {
    metrics.requests++;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return textResponse(405, 'method not allowed', { allow: 'GET, HEAD' });
    }
    const response = await route(request);
    if (response.status === 304) metrics.notModified++;
    metrics.bytesServed += response.body?.byteLength ?? 0;
    return response;
  };

  return {
    handle,
    request: (url, init) =>
      handle({ method: init?.method ?? 'GET', url, headers: lowerCase(init?.headers ?? {}) }),
    metrics,
  };
}

function rememberFailure(
  failures: Map<string, { error: ProxyError; until: number }>,
  url: string,
  error: ProxyError,
  ttlMs: number,
): void {
  failures.delete(url);
  failures.set(url, { error, until: Date.now() + ttlMs });
  // Bounded so that a flood of distinct failing URLs cannot grow memory without limit.
  for (const key of failures.keys()) {
    if (failures.size <= 10_000) break;
    failures.delete(key);
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
