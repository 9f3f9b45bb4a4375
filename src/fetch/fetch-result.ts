import { decodeFeedBytes } from './charset.js';

/** The raw facts of a fetch, from which a FetchResult derives its decoded text. */
export interface FetchResultInit {
  requestedUrl: string;
  effectiveUrl: string;
  redirected: boolean;
  /** Where a chain of permanent redirects (301/308) from the requested URL ended, or null. */
  permanentUrl?: string | null;
  status: number;
  notModified: boolean;
  contentType: string | null;
  /** Cache-Control max-age in seconds: how often the server suggests polling. */
  maxAgeSeconds?: number | null;
  etag: string | null;
  lastModified: string | null;
  bytes: Uint8Array;
}

/** Validators a caller stored from an earlier fetch of the same source. */
export interface StoredValidators {
  etag?: string | null;
  lastModified?: string | null;
}

/** The outcome of fetching one source: the body decoded to text, plus the facts needed to fetch it again. */
export class FetchResult {
  /** The location as the caller gave it. */
  readonly requestedUrl: string;
  /** Where the body really came from after redirects (a `file:` URL for local files). */
  readonly effectiveUrl: string;
  /** Whether redirects moved the request away from the requested URL. */
  readonly redirected: boolean;
  /** Where the feed moved permanently (301/308 from the requested URL on), or null. */
  readonly permanentUrl: string | null;
  /** The final HTTP status; 200 for local files. */
  readonly status: number;
  /** True when the server answered 304, so `bytes` and `text` are empty and the stored copy is current. */
  readonly notModified: boolean;
  /** The `Content-Type` header, or null (always null for local files). */
  readonly contentType: string | null;
  /** The server's Cache-Control max-age in seconds, or null. */
  readonly maxAgeSeconds: number | null;
  /** The validator to store for the next conditional request, or null. */
  readonly etag: string | null;
  /** The `Last-Modified` validator to store for the next conditional request, or null. */
  readonly lastModified: string | null;
  /** The body after content decoding (gzip, deflate, br), before charset decoding. */
  readonly bytes: Uint8Array;
  /** The body as text, without a byte order mark. */
  readonly text: string;
  /** The charset `text` was decoded with, as a lower-case label such as `utf-8` or `gb18030`. */
  readonly charset: string;

  constructor(init: FetchResultInit) {
    this.requestedUrl = init.requestedUrl;
    this.effectiveUrl = init.effectiveUrl;
    this.redirected = init.redirected;
    this.permanentUrl = init.permanentUrl ?? null;
    this.status = init.status;
    this.notModified = init.notModified;
    this.contentType = init.contentType;
    this.maxAgeSeconds = init.maxAgeSeconds ?? null;
    this.etag = init.etag;
    this.lastModified = init.lastModified;
    this.bytes = init.bytes;
    const decoded = decodeFeedBytes(init.bytes, init.contentType);
    this.text = decoded.text;
    this.charset = decoded.charset;
  }

  /**
   * Whether the body may differ from the one fetched with `previous` validators; like Miniflux, a 200 that
   * repeats the stored ETag or Last-Modified counts as unchanged, since many servers ignore conditional GETs.
   */
  isModifiedSince(previous: StoredValidators): boolean {
    if (this.notModified) return false;
    if (this.etag !== null && this.etag === previous.etag) return false;
    if (this.lastModified !== null && this.lastModified === previous.lastModified) return false;
    return true;
  }
}
