import type { Dispatcher } from 'undici';

/** How one source is fetched: limits, identity, validators from the previous fetch, and cancellation. */
export interface FetchOptions {
  /** Upper bound on the whole fetch (connect, redirects, headers and body), in milliseconds. */
  timeoutMs: number;
  /** Upper bound on the body size, checked on the wire and again after decompression. */
  maxBytes: number;
  /** Sent as `User-Agent`; some feed hosts refuse requests without a recognisable one. */
  userAgent: string;
  /** The `ETag` stored from the previous fetch, sent as `If-None-Match`. */
  etag?: string | null;
  /** The `Last-Modified` stored from the previous fetch, sent as `If-Modified-Since`. */
  lastModified?: string | null;
  /** Cancels the fetch; the caller's abort is reported as a FetchError too. */
  signal?: AbortSignal;
  /** The undici dispatcher to send requests through; the global one when absent (tests inject their own). */
  dispatcher?: Dispatcher;
}
