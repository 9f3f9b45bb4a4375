import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of the original URL string, keyed by the secret, as lowercase hex. */
export function imageUrlSignature(url: string, secret: string): string {
  return createHmac('sha256', secret).update(url, 'utf8').digest('hex');
}

/** Builds newsmill's signed proxy URL: `<base>/i/<hmac>/<base64url(url)>`. */
export function signImageUrl(url: string, base: string, secret: string): string {
  const encoded = Buffer.from(url, 'utf8').toString('base64url');
  return `${base.replace(/\/+$/, '')}/i/${imageUrlSignature(url, secret)}/${encoded}`;
}

/**
 * Returns the original URL when the signature matches (compared in constant time) and the URL is in the
 * canonical unpadded base64url that `signImageUrl` writes, else null.
 */
export function verifyImageUrl(signature: string, encodedUrl: string, secret: string): string | null {
  if (!/^[0-9a-f]{64}$/.test(signature) || !/^[A-Za-z0-9_-]+$/.test(encodedUrl)) return null;
  const url = Buffer.from(encodedUrl, 'base64url').toString('utf8');
  // Buffer decoding forgives stray bits and characters, so only the one spelling signing produces is
  // accepted: one URL, one proxy path (and no invalid UTF-8 quietly replaced by U+FFFD).
  if (Buffer.from(url, 'utf8').toString('base64url') !== encodedUrl) return null;
  const expected = Buffer.from(imageUrlSignature(url, secret), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? url : null;
}
