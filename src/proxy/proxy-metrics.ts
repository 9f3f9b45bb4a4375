/** Counters the proxy exposes at /metrics (and in /healthz): cumulative since start. */
export interface ProxyMetrics {
  requests: number;
  /** Served from the cache (memory or disk). */
  hits: number;
  /** Needed an upstream fetch, or joined one already under way. */
  misses: number;
  /** Misses that joined an upstream fetch already under way instead of starting one. */
  coalesced: number;
  upstreamFetches: number;
  /** Answered from the negative cache: a recent upstream failure for the same URL. */
  negativeHits: number;
  notModified: number;
  /** Refusals and failures by reason code ('bad-signature', 'blocked-address', 'too-large', ...). */
  refusals: Record<string, number>;
  bytesFetched: number;
  bytesServed: number;
}

/** A zeroed set of counters. */
export function createProxyMetrics(): ProxyMetrics {
  return {
    requests: 0,
    hits: 0,
    misses: 0,
    coalesced: 0,
    upstreamFetches: 0,
    negativeHits: 0,
    notModified: 0,
    refusals: {},
    bytesFetched: 0,
    bytesServed: 0,
  };
}

/** Counts one refusal under its reason. */
export function countRefusal(metrics: ProxyMetrics, reason: string): void {
  metrics.refusals[reason] = (metrics.refusals[reason] ?? 0) + 1;
}
