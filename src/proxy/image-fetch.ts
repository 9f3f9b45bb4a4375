import { ProxyError } from '../core/errors.js';
import { readCappedBody, type BodyLimits } from './capped-body.js';
import {
  confirmMediaType,
  declaredTypeRefusal,
  essenceOf,
  sniffLength,
  type MediaPolicy,
} from './media-type.js';
import { mediaEtag } from './media-etag.js';
import { checkUpstreamUrl, refererFor, type UpstreamPolicy } from './upstream-policy.js';

/** One upstream response before any check: what a platform's HTTP client hands back. */
export interface UpstreamHop {
  status: number;
  header(name: string): string | null;
  body: AsyncIterable<Uint8Array>;
  /** Drops the body without reading it (closes or recycles the connection). */
  cancel(): void;
}

/** Performs one GET without following redirects; the platform's address checks live here. */
export type HopFetcher = (
  url: URL,
  headers: Record<string, string>,
  signal: AbortSignal,
) => Promise<UpstreamHop>;

/** The limits of one upstream fetch: redirects, the whole fetch's time, types, and the body's limits. */
export interface FetchLimits extends BodyLimits {
  maxRedirects: number;
  totalTimeoutMs: number;
  media: MediaPolicy;
}

/** A checked image, fully read: safe to cache and serve. */
export interface FetchedMedia {
  contentType: string;
  body: Uint8Array;
  /** The proxy's own strong ETag of the body (`mediaEtag`); null only in entries made elsewhere. */
  etag: string | null;
  lastModified: string | null;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/**
 * Fetches a media file: every redirect hop is re-checked, and the body must be an allowed type whose
 * first bytes match it, within the size cap and the timeouts.
 */
export async function fetchMedia(
  raw: string,
  hop: HopFetcher,
  policy: UpstreamPolicy,
  limits: FetchLimits,
  hostAllowed: (hostname: string) => boolean = () => true,
): Promise<FetchedMedia> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new ProxyError('upstream took too long', 'timeout', 504)),
    limits.totalTimeoutMs,
  );
  try {
    let url = checkUpstreamUrl(raw, policy);
    for (let redirects = 0; ; redirects++) {
      const response = await hop(url, requestHeaders(url, policy, limits.media), controller.signal);
      const location = response.header('location');
      if (!redirectStatuses.has(response.status) || !location)
        return await readMedia(response, limits, controller);
      response.cancel();
      if (redirects >= limits.maxRedirects) {
        throw new ProxyError(`more than ${limits.maxRedirects} redirects`, 'too-many-redirects', 502);
      }
      url = checkUpstreamUrl(new URL(location, url).href, policy);
      // Unsigned mode: a redirect must not leave the allowlist, or one open redirect makes an open proxy.
      if (!hostAllowed(url.hostname))
        throw new ProxyError(`redirect to ${url.hostname}`, 'host-not-allowed', 403);
    }
  } catch (error) {
    const failure = asProxyError(controller.signal.reason ?? error);
    // Aborting the hop's signal closes whatever connection is still open, whichever way the hop failed.
    controller.abort(failure);
    throw failure;
  } finally {
    clearTimeout(timer);
  }
}

function requestHeaders(url: URL, policy: UpstreamPolicy, media: MediaPolicy): Record<string, string> {
  const accept = [
    'image/avif,image/webp,image/*;q=0.8',
    media.video ? 'video/*;q=0.7' : '',
    media.audio ? 'audio/*;q=0.7' : '',
  ];
  // identity: images are already compressed, and a gzip body could hide a decompression bomb.
  const headers: Record<string, string> = {
    accept: accept.filter(Boolean).join(','),
    'accept-encoding': 'identity',
    'user-agent': 'Mozilla/5.0 (compatible; newsmill-image-proxy/0.1)',
  };
  const referer = refererFor(url.hostname, policy.referers);
  if (referer) headers.referer = referer;
  return headers;
}

async function readMedia(
  response: UpstreamHop,
  limits: FetchLimits,
  controller: AbortController,
): Promise<FetchedMedia> {
  if (response.status !== 200) {
    response.cancel();
    const status = response.status === 404 || response.status === 410 ? 404 : 502;
    throw new ProxyError(`upstream answered HTTP ${response.status}`, 'upstream-status', status);
  }
  const declared = essenceOf(response.header('content-type'));
  const typeRefusal = declaredTypeRefusal(declared, limits.media);
  const encoding = response.header('content-encoding');
  const length = Number(response.header('content-length') ?? NaN);
  const refusal = typeRefusal
    ? new ProxyError(`upstream type ${declared || '(none)'} is not allowed`, typeRefusal, 502)
    : encoding && encoding !== 'identity'
      ? new ProxyError(`upstream sent Content-Encoding ${encoding}`, 'content-encoding', 502)
      : length > limits.maxBytes
        ? new ProxyError(`upstream declares ${length} bytes`, 'too-large', 502)
        : null;
  if (refusal) {
    response.cancel();
    throw refusal;
  }
  const body = await readCappedBody(response, limits, controller.signal);
  const contentType = confirmMediaType(declared, body.subarray(0, sniffLength), limits.media);
  if (!contentType) throw new ProxyError(`body is not ${declared}`, 'type-mismatch', 502);
  return {
    contentType,
    body,
    etag: mediaEtag(body),
    lastModified: safeHeader(response.header('last-modified')),
  };
}

/** Maps any failure to a ProxyError, keeping refusals raised deep in a connector or lookup. */
export function asProxyError(error: unknown): ProxyError {
  for (let current = error; current; current = (current as { cause?: unknown }).cause) {
    if (current instanceof ProxyError) return current;
  }
  const code = (error as { code?: string } | null)?.code ?? '';
  if (code === 'UND_ERR_HEADERS_OVERFLOW')
    return new ProxyError('upstream headers too large', 'headers-too-large', 502, { cause: error });
  if (/TIMEOUT/.test(code)) return new ProxyError('upstream timed out', 'timeout', 504, { cause: error });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new ProxyError('upstream host not found', 'dns', 502, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new ProxyError(`upstream failed: ${message}`, 'upstream-error', 502, { cause: error });
}

/** Keeps a validator only when it is short printable ASCII, so it can be echoed back safely. */
function safeHeader(value: string | null): string | null {
  return value && /^[\x20-\x7e]{1,256}$/.test(value) ? value : null;
}
