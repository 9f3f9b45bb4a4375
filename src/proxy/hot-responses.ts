import type { ProxyRequest, ProxyResponse } from './proxy-http.js';

/**
 * The hottest answers, ready to send. A signed path that was verified and answered in full from the
 * cache maps, by its exact text, to that prepared 200 response until the cached copy goes stale, so
 * that the next plain GET of it costs a `Map` lookup: no HMAC, no base64 decoding, no header object
 * built, no promise. Only the exact path that passed the signature check hits, so the tier cannot be
 * used to skip it; requests with validators or a range take the full path, which answers them.
 *
 * Bounded by the bytes of the bodies it holds (shared with the media cache, which may drop them
 * first), and only small bodies enter: it is for the many small images a page shows, not for big ones.
 */
export class HotResponses {
  // A Map iterates in insertion order, so re-inserting on every hit keeps the coldest entry first.
  readonly #entries = new Map<string, { response: ProxyResponse; until: number }>();
  #bytes = 0;

  constructor(
    readonly maxBytes: number,
    readonly maxBodyBytes = 256 * 1024,
  ) {}

  /** Bytes of the bodies held. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The prepared response of `request`, when it is a plain GET of a path held and still fresh. */
  get(request: ProxyRequest, now: number): ProxyResponse | null {
    if (this.#entries.size === 0 || request.method !== 'GET' || !isPlain(request)) return null;
    const entry = this.#entries.get(request.url);
    if (!entry) return null;
    this.#entries.delete(request.url);
    if (entry.until <= now) {
      this.#bytes -= entry.response.body?.byteLength ?? 0;
      return null;
    }
    this.#entries.set(request.url, entry);
    return entry.response;
  }

  /**
   * Keeps `response` for later plain GETs of `request.url` until `until` (ms since the epoch), when it
   * is a full 200 answer to a plain GET with a small enough body.
   */
  remember(request: ProxyRequest, response: ProxyResponse, until: number): void {
    const size = response.body?.byteLength ?? 0;
    if (response.status !== 200 || request.method !== 'GET' || !isPlain(request)) return;
    if (!response.body || size > this.maxBodyBytes || size > this.maxBytes) return;
    this.#forget(request.url);
    this.#entries.set(request.url, { response, until });
    this.#bytes += size;
    for (const [path, entry] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#forget(path, entry.response);
    }
  }

  #forget(path: string, response = this.#entries.get(path)?.response): void {
    if (!response || !this.#entries.delete(path)) return;
    this.#bytes -= response.body?.byteLength ?? 0;
  }
}

/** Whether a request asks for the whole body unconditionally: no validators, no range. */
function isPlain(request: ProxyRequest): boolean {
  const { headers } = request;
  return (
    headers['if-none-match'] === undefined &&
    headers['if-modified-since'] === undefined &&
    headers.range === undefined &&
    headers['if-range'] === undefined
  );
}
