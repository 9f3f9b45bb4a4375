import { ProxyError } from '../core/errors.js';
import { HotResponses } from './hot-responses.js';
import type { FetchLimits, HopFetcher } from './image-fetch.js';
import { MemoryMediaCache, type MediaCache } from './media-cache.js';
import { countRefusal, createProxyMetrics, type ProxyMetrics } from './proxy-metrics.js';
import { jsonResponse, textResponse, type ProxyRequest, type ProxyResponse } from './proxy-http.js';
import { createUpstreamMedia, type ProxyLogger, type UpstreamMediaServer } from './upstream-media.js';
import { refererFor, defaultReferers, type UpstreamPolicy } from './upstream-policy.js';
import { verifyImageUrl } from './url-signing.js';

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
  /**
   * Bytes of small cached images kept as ready answers for plain GETs of their signed paths (default
   * 16 MB; 0 turns it off): a hit there skips the signature check and the header building.
   */
  hotResponseBytes?: number;
  /** Legacy `/?<url>` mode: unsigned, so only for these hosts (and their subdomains); null disables it. */
  unsignedHosts?: readonly string[] | null;
  logger?: ProxyLogger;
}

/** The proxy as an object: tests and adapters hand it requests, no port involved. */
export interface ProxyApp {
  handle(request: ProxyRequest): Promise<ProxyResponse>;
  /**
   * The answer when it is ready without any work (a plain GET of a hot signed path), else null and
   * `handle` answers: lets an adapter answer hot hits without a promise.
   */
  handleHot(request: ProxyRequest): ProxyResponse | null;
  /** `handle` for a request `handleHot` did not answer: the tier is not looked up again. */
  handleCold(request: ProxyRequest): Promise<ProxyResponse>;
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

// What the routes share, made once per app.
interface ProxyParts {
  options: ProxyAppOptions;
  cache: MediaCache;
  metrics: ProxyMetrics;
  started: number;
  refuse(error: ProxyError, url: string | null): ProxyResponse;
  unsignedHost(hostname: string): boolean;
  serveUpstream: UpstreamMediaServer;
  hot: HotResponses | null;
}

/** Creates the proxy app: routing, signature checks, cache, shared upstream fetches and metrics. */
export function createProxyApp(options: ProxyAppOptions): ProxyApp {
  const parts = createParts(options);
  const { metrics, hot } = parts;
  const handleHot = (request: ProxyRequest): ProxyResponse | null => {
    const response = hot?.get(request, Date.now()) ?? null;
    if (response) {
      metrics.requests++;
      metrics.hits++;
      metrics.bytesServed += response.body?.byteLength ?? 0;
    }
    return response;
  };
  const handleCold = async (request: ProxyRequest): Promise<ProxyResponse> => {
    metrics.requests++;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return textResponse(405, 'method not allowed', { allow: 'GET, HEAD' });
    }
    const response = await route(parts, request);
    if (response.status === 304) metrics.notModified++;
    metrics.bytesServed += response.body?.byteLength ?? 0;
    return response;
  };
  const handle = async (request: ProxyRequest): Promise<ProxyResponse> =>
    handleHot(request) ?? handleCold(request);
  return {
    handle,
    handleHot,
    handleCold,
    request: (url, init) =>
      handle({ method: init?.method ?? 'GET', url, headers: lowerCase(init?.headers ?? {}) }),
    metrics,
  };
}

// Resolves the options' defaults and wires the upstream side to the app's cache, metrics and log.
function createParts(options: ProxyAppOptions): ProxyParts {
  const cache = options.cache ?? new MemoryMediaCache(64 * 1024 * 1024);
  const metrics = createProxyMetrics();
  const logger = options.logger ?? silentLogger;
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
  const hotBytes = options.hotResponseBytes ?? 16 * 1024 * 1024;
  const hot = hotBytes > 0 ? new HotResponses(hotBytes) : null;
  const serveUpstream = createUpstreamMedia({
    fetchHop: options.fetchHop,
    policy: {
      allowUpstream: options.upstream?.allowUpstream ?? new Set(),
      referers: options.upstream?.referers ?? defaultReferers,
    },
    limits: { ...defaultFetchLimits, ...options.limits },
    cache,
    cacheTtlMs: options.cacheTtlMs ?? 7 * 24 * 3600 * 1000,
    negativeTtlMs: options.negativeTtlMs ?? 30_000,
    metrics,
    logger,
    unsignedHost,
    refuse,
    hot: hot ?? undefined,
  });
  return { options, cache, metrics, started: Date.now(), refuse, unsignedHost, serveUpstream, hot };
}

async function route(parts: ProxyParts, request: ProxyRequest): Promise<ProxyResponse> {
  const path = request.url;
  const signed = signedPath.exec(path.split('?', 1)[0] ?? '');
  if (signed) {
    const url = verifyImageUrl(signed[1] ?? '', signed[2] ?? '', parts.options.secret);
    if (url === null)
      return parts.refuse(new ProxyError('signature does not match', 'bad-signature', 403), null);
    return parts.serveUpstream(request, url);
  }
  if (path.startsWith('/i/'))
    return parts.refuse(new ProxyError('malformed signed URL', 'bad-signature', 403), null);
  if (path.startsWith('/?')) return serveUnsigned(parts, request, path.slice(2));
  if (path === '/healthz') return health(parts);
  if (path === '/metrics') return jsonResponse(parts.metrics);
  return textResponse(404, 'not found');
}

function serveUnsigned(
  parts: ProxyParts,
  request: ProxyRequest,
  raw: string,
): Promise<ProxyResponse> | ProxyResponse {
  const { refuse } = parts;
  if (!parts.options.unsignedHosts?.length)
    return refuse(new ProxyError('unsigned URLs are disabled', 'unsigned', 403), null);
  // The ancestor's worker put the raw URL after `?`; accept it percent-encoded as well.
  const url = /^https?%3A/i.test(raw) ? safeDecode(raw) : raw;
  let host = '';
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return refuse(new ProxyError('not an absolute URL', 'invalid-url', 400), null);
  }
  if (!parts.unsignedHost(host))
    return refuse(new ProxyError(`host ${host} is not on the allowlist`, 'host-not-allowed', 403), url);
  return parts.serveUpstream(request, url, true);
}

function health(parts: ProxyParts): ProxyResponse {
  const { cache } = parts;
  return jsonResponse({
    ok: true,
    uptimeSeconds: Math.round((Date.now() - parts.started) / 1000),
    cacheBytes: cache.size,
    memoryCacheBytes: cache.memorySize ?? cache.size,
    metrics: parts.metrics,
  });
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
