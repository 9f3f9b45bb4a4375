import type { ProxyError } from '../core/errors.js';
import type { HotResponses } from './hot-responses.js';
import { asProxyError, fetchMedia, type FetchLimits, type HopFetcher } from './image-fetch.js';
import type { CachedMedia, MediaCache } from './media-cache.js';
import type { ProxyMetrics } from './proxy-metrics.js';
import { serveMedia, type ProxyRequest, type ProxyResponse } from './proxy-http.js';
import type { UpstreamPolicy } from './upstream-policy.js';

/** The part of a pino logger the proxy uses, so the app stays free of Node-only imports. */
export interface ProxyLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** What serving upstream images needs, resolved once by the app from its options. */
export interface UpstreamMediaOptions {
  fetchHop: HopFetcher;
  policy: UpstreamPolicy;
  limits: FetchLimits;
  cache: MediaCache;
  /** How long a cached file is served before it is fetched again. */
  cacheTtlMs: number;
  /** How long an upstream failure is remembered. */
  negativeTtlMs: number;
  metrics: ProxyMetrics;
  logger: ProxyLogger;
  /** Whether a host may be fetched without a signature (checked again at each redirect of an unsigned fetch). */
  unsignedHost(hostname: string): boolean;
  /** Answers a refusal: counted, logged, and a short text response. */
  refuse(error: ProxyError, url: string | null): ProxyResponse;
  /** Where full answers to signed requests are kept ready for their next plain GET. */
  hot?: HotResponses;
}

/** Serves the image at `url` to `request`; `unsigned` for the legacy `/?<url>` mode. */
export type UpstreamMediaServer = (
  request: ProxyRequest,
  url: string,
  unsigned?: boolean,
) => Promise<ProxyResponse>;

/**
 * Creates the upstream side of the proxy: a fresh cached copy is served as is, a recent failure is
 * refused again without contacting its host, and concurrent misses of one URL share one fetch.
 */
export function createUpstreamMedia(options: UpstreamMediaOptions): UpstreamMediaServer {
  const { cache, metrics } = options;
  const inflight = new Map<string, Promise<CachedMedia>>();
  const failures = new Map<string, { error: ProxyError; until: number }>();

  // Cache hits are kept ready (their answer says HIT, as every later one will); an unsigned
  // request's path is not tied to one upstream URL by a signature, so it is never kept.
  const served = (request: ProxyRequest, media: CachedMedia, status: 'HIT' | 'MISS', unsigned: boolean) => {
    const response = serveMedia(request, media, status);
    if (status === 'HIT' && !unsigned)
      options.hot?.remember(request, response, media.storedAt + options.cacheTtlMs);
    return response;
  };

  return async (request, url, unsigned = false) => {
    // Unsigned fetches get their own key: a signed fetch of the same URL may follow redirects they may not.
    const key = unsigned ? `unsigned ${url}` : url;
    const cached = await cache.get(key);
    if (cached && Date.now() - cached.storedAt < options.cacheTtlMs) {
      metrics.hits++;
      return served(request, cached, 'HIT', unsigned);
    }
    const failure = failures.get(key);
    if (failure && failure.until > Date.now()) {
      metrics.negativeHits++;
      return options.refuse(failure.error, url);
    }
    metrics.misses++;
    let pending = inflight.get(key);
    if (pending) metrics.coalesced++;
    else {
      pending = fetchAndStore(options, url, key, unsigned).finally(() => inflight.delete(key));
      inflight.set(key, pending);
    }
    try {
      return served(request, await pending, 'MISS', unsigned);
    } catch (caught) {
      const error = asProxyError(caught);
      rememberFailure(failures, key, error, options.negativeTtlMs);
      return options.refuse(error, url);
    }
  };
}

async function fetchAndStore(
  options: UpstreamMediaOptions,
  url: string,
  key: string,
  unsigned: boolean,
): Promise<CachedMedia> {
  const { metrics, logger } = options;
  metrics.upstreamFetches++;
  const begin = Date.now();
  const fetched = await fetchMedia(
    url,
    options.fetchHop,
    options.policy,
    options.limits,
    unsigned ? options.unsignedHost : undefined,
  );
  const media: CachedMedia = { ...fetched, storedAt: Date.now() };
  metrics.bytesFetched += media.body.byteLength;
  logger.info({ url, bytes: media.body.byteLength, ms: Date.now() - begin }, 'fetched');
  try {
    await options.cache.put(key, media);
  } catch (error) {
    logger.warn({ url, err: error }, 'cache write failed');
  }
  return media;
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
