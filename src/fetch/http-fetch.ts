import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http';
import { request } from 'undici';
import { FetchError, type FetchErrorOptions } from '../core/errors.js';
import { ACCEPT_ENCODING, BodyReadError, abandonBody, readBody } from './decompress.js';
import type { FetchOptions } from './fetch-options.js';
import { FetchResult } from './fetch-result.js';

/** Feed types first, generic XML next (many feeds are served as text/xml), anything else last. */
export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8';

/** How many redirects one fetch follows before giving up, as browsers cap loops. */
export const MAX_REDIRECTS = 5;

interface RequestTarget {
  url: string;
  redirects: number;
  permanentRedirects: number;
  permanentUrl: string | null;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const PERMANENT_REDIRECTS = new Set([301, 308]);

// Node's connection errors carry a `code`; these are the ones worth a plain-words message.
const FAILURE_MESSAGES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  EPIPE: 'connection closed by the server',
  UND_ERR_SOCKET: 'connection closed by the server',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connect timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  UND_ERR_HEADERS_TIMEOUT: 'timed out waiting for response headers',
  UND_ERR_BODY_TIMEOUT: 'timed out waiting for the response body',
};

/**
 * Fetches an absolute http(s) URL with conditional GET, at most MAX_REDIRECTS redirects, decompression and
 * size limits, all within `timeoutMs`; every failure becomes a FetchError naming the URL.
 */
export async function fetchHttp(requestedUrl: string, options: FetchOptions): Promise<FetchResult> {
  const url = parseHttpUrl(requestedUrl);
  if (url === null) throw new FetchError(`GET ${requestedUrl}: not a valid http(s) URL`, requestedUrl);
  const deadline = new AbortController();
  // setTimeout fires at once for delays above 2^31-1 ms, which would turn "no practical limit" into "none at all".
  const timer = setTimeout(() => deadline.abort(), Math.min(options.timeoutMs, 2 ** 31 - 1));
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  // The request in flight, so that a failure names the hop that failed.
  const target: RequestTarget = { url, redirects: 0, permanentRedirects: 0, permanentUrl: null };
  try {
    return await followRedirects(requestedUrl, target, options, signal);
  } catch (error) {
    if (error instanceof FetchError) throw error;
    const reason = deadline.signal.aborted
      ? `timed out after ${options.timeoutMs} ms`
      : options.signal?.aborted
        ? 'aborted'
        : describeFailure(error);
    throw new FetchError(`${describeRequest(requestedUrl, target)}: ${reason}`, requestedUrl, null, {
      cause: error,
      // Network failures and timeouts are usually transient; a caller's abort and a body that broke
      // a limit are not.
      retryable: !options.signal?.aborted && !(error instanceof BodyReadError),
    });
  } finally {
    clearTimeout(timer);
  }
}

async function followRedirects(
  requestedUrl: string,
  target: RequestTarget,
  options: FetchOptions,
  signal: AbortSignal,
): Promise<FetchResult> {
  const fail = (reason: string, status: number | null = null, retry?: FetchErrorOptions) =>
    new FetchError(`${describeRequest(requestedUrl, target)}: ${reason}`, requestedUrl, status, retry);
  const headers = buildHeaders(options);
  for (;;) {
    const response = await request(target.url, {
      method: 'GET',
      headers,
      signal,
      dispatcher: options.dispatcher,
    });
    const status = response.statusCode;
    const statusLine = `HTTP ${status} ${response.statusText || STATUS_CODES[status] || ''}`.trimEnd();
    if (REDIRECT_STATUSES.has(status)) {
      await discard(response.body);
      const location = headerValue(response.headers, 'location');
      if (location === null) throw fail(`${statusLine} without a Location header`, status);
      if (target.redirects === MAX_REDIRECTS) throw fail(`too many redirects (more than ${MAX_REDIRECTS})`);
      // RFC 9110 §10.2.2: Location may be relative to the URL that answered.
      const next = parseHttpUrl(location, target.url);
      if (next === null)
        throw fail(`${statusLine} to an invalid or non-http(s) Location "${location}"`, status);
      // Only an unbroken chain of permanent redirects from the start means the feed itself moved.
      if (target.redirects === target.permanentRedirects && PERMANENT_REDIRECTS.has(status)) {
        target.permanentRedirects += 1;
        target.permanentUrl = next;
      }
      target.url = next;
      target.redirects += 1;
      continue;
    }
    const result = {
      requestedUrl,
      effectiveUrl: target.url,
      redirected: target.redirects > 0,
      permanentUrl: target.permanentUrl,
      status,
      contentType: headerValue(response.headers, 'content-type'),
      maxAgeSeconds: parseMaxAge(headerValue(response.headers, 'cache-control')),
      etag: headerValue(response.headers, 'etag'),
      lastModified: headerValue(response.headers, 'last-modified'),
    };
    if (status === 304) {
      await discard(response.body);
      // RFC 9110 §15.4.5: a 304 may omit validators, and then the ones just sent are still current.
      const etag = result.etag ?? options.etag ?? null;
      const lastModified = result.lastModified ?? options.lastModified ?? null;
      return new FetchResult({ ...result, etag, lastModified, notModified: true, bytes: new Uint8Array(0) });
    }
    if (status < 200 || status > 299) {
      await discard(response.body);
      throw fail(statusLine, status, {
        retryable: status === 429 || status >= 500,
        retryAfterMs: parseRetryAfter(headerValue(response.headers, 'retry-after')),
      });
    }
    const declared = Number(headerValue(response.headers, 'content-length') ?? 0);
    if (declared > options.maxBytes) {
      abandonBody(response.body);
      throw fail(`body of ${declared} bytes exceeds the limit of ${options.maxBytes} bytes`);
    }
    const encoding = headerValue(response.headers, 'content-encoding');
    const bytes = await readBody(response.body, encoding, options.maxBytes);
    return new FetchResult({ ...result, notModified: false, bytes });
  }
}

/** The `max-age` of a Cache-Control header in seconds, or null (also for no-store/no-cache). */
export function parseMaxAge(value: string | null): number | null {
  if (value === null || /no-store|no-cache/i.test(value)) return null;
  const match = /(?:^|[,\s])max-age\s*=\s*"?(\d+)/i.exec(value);
  return match ? Number(match[1]) : null;
}

/** Reads `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function buildHeaders(options: FetchOptions): Record<string, string> {
  const headers: Record<string, string> = {
    accept: FEED_ACCEPT,
    'accept-encoding': ACCEPT_ENCODING,
    'user-agent': options.userAgent,
  };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  return headers;
}

function parseHttpUrl(value: string, base?: string): string | null {
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  if (Array.isArray(value))
    return value.length > 0 ? (name === 'location' ? value[0]! : value.join(', ')) : null;
  return value ?? null;
}

/** Drains a body we do not need so the connection can be reused; its failure does not matter. */
async function discard(body: { dump(): Promise<void> }): Promise<void> {
  await body.dump().catch(() => undefined);
}

function describeRequest(requestedUrl: string, target: RequestTarget): string {
  return target.redirects === 0 ? `GET ${target.url}` : `GET ${target.url} (redirected from ${requestedUrl})`;
}

function describeFailure(error: unknown): string {
  if (error instanceof BodyReadError) return error.message;
  const code = findErrorCode(error);
  if (code !== null && code in FAILURE_MESSAGES) return FAILURE_MESSAGES[code]!;
  const message = error instanceof Error ? error.message : String(error);
  if (code !== null && /CERT|^ERR_TLS|^ERR_SSL/.test(code)) return `TLS error: ${message}`;
  return message;
}

function findErrorCode(error: unknown, depth = 0): string | null {
  if (typeof error !== 'object' || error === null || depth > 3) return null;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  // undici wraps socket errors in `cause`; happy-eyeballs connects report an AggregateError of attempts.
  const inner =
    findErrorCode(cause, depth + 1) ?? (Array.isArray(errors) ? findErrorCode(errors[0], depth + 1) : null);
  return inner ?? (typeof code === 'string' ? code : null);
}
