import type { CachedMedia } from './media-cache.js';

/** A request as the proxy app sees it: small enough to build from node:http or a WHATWG Request. */
export interface ProxyRequest {
  method: string;
  /** Path and query, e.g. `/i/<hmac>/<base64url>`. */
  url: string;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** A response of the proxy app; the body is always fully known (media is buffered and cached). */
export interface ProxyResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | null;
}

// The media is opened as a document only if someone navigates to it: forbid everything it could do.
const safetyHeaders = {
  'content-security-policy': "default-src 'none'; sandbox",
  'x-content-type-options': 'nosniff',
  'access-control-allow-origin': '*',
  'cross-origin-resource-policy': 'cross-origin',
} as const;

/**
 * The Cache-Control of proxied media. A signed URL names one upstream file, and news images are not
 * edited in place, so a copy may be kept for 30 days without asking again: `immutable` keeps a
 * browser from revalidating on reload, and a CDN in front answers every later request itself.
 */
export const mediaCacheControl = 'public, max-age=2592000, stale-while-revalidate=86400, immutable';

function header(request: ProxyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Answers a GET or HEAD for cached media: 200, 206 for one byte range, 304 on matching validators. */
export function serveMedia(request: ProxyRequest, media: CachedMedia, cacheStatus: string): ProxyResponse {
  const headers: Record<string, string> = {
    'content-type': media.contentType,
    'cache-control': mediaCacheControl,
    'accept-ranges': 'bytes',
    'x-cache': cacheStatus,
    ...safetyHeaders,
  };
  if (media.etag) headers.etag = media.etag;
  if (media.lastModified) headers['last-modified'] = media.lastModified;
  if (isNotModified(request, media))
    return { status: 304, headers: withoutEntityHeaders(headers), body: null };

  const total = media.body.byteLength;
  const range = parseRange(header(request, 'range'), total, request, media);
  const head = request.method === 'HEAD';
  if (range === 'unsatisfiable') {
    headers['content-range'] = `bytes */${total}`;
    headers['content-length'] = '0';
    return { status: 416, headers, body: null };
  }
  if (range) {
    const [start, end] = range;
    headers['content-range'] = `bytes ${start}-${end}/${total}`;
    headers['content-length'] = String(end - start + 1);
    return { status: 206, headers, body: head ? null : media.body.subarray(start, end + 1) };
  }
  headers['content-length'] = String(total);
  return { status: 200, headers, body: head ? null : media.body };
}

/** RFC 9110 §13.2.2: If-None-Match wins over If-Modified-Since. */
function isNotModified(request: ProxyRequest, media: CachedMedia): boolean {
  const ifNoneMatch = header(request, 'if-none-match');
  if (ifNoneMatch !== undefined) {
    if (!media.etag) return false;
    const weak = (tag: string) => tag.trim().replace(/^W\//, '');
    return (
      ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => weak(tag) === weak(media.etag ?? ''))
    );
  }
  const since = Date.parse(header(request, 'if-modified-since') ?? '');
  const modified = Date.parse(media.lastModified ?? '');
  return !Number.isNaN(since) && !Number.isNaN(modified) && modified <= since;
}

function withoutEntityHeaders(headers: Record<string, string>): Record<string, string> {
  const { 'content-type': _type, 'accept-ranges': _ranges, ...rest } = headers;
  return rest;
}

/** One `bytes=` range (RFC 9110 §14.2); several ranges or a stale If-Range fall back to the whole body. */
function parseRange(
  value: string | undefined,
  total: number,
  request: ProxyRequest,
  media: CachedMedia,
): [number, number] | 'unsatisfiable' | null {
  if (!value || total === 0) return null;
  const ifRange = header(request, 'if-range');
  if (ifRange && ifRange !== media.etag && ifRange !== media.lastModified) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, total - Number(match[2]));
    end = total - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? total - 1 : Math.min(Number(match[2]), total - 1);
  }
  if (start >= total || start > end) return 'unsatisfiable';
  return [start, end];
}

/** A short plain-text answer: a refusal, an error or a health document. */
export function textResponse(
  status: number,
  text: string,
  extra: Record<string, string> = {},
): ProxyResponse {
  const body = new TextEncoder().encode(`${text}\n`);
  return {
    status,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': String(body.byteLength),
      'cache-control': 'no-store',
      ...safetyHeaders,
      ...extra,
    },
    body,
  };
}

/** A JSON answer for /healthz and /metrics. */
export function jsonResponse(value: unknown): ProxyResponse {
  const response = textResponse(200, JSON.stringify(value));
  response.headers['content-type'] = 'application/json';
  return response;
}
