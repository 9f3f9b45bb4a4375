import { timingSafeEqual } from 'node:crypto';
import { imageUrlSignature } from '../core/image-proxy-target.js';

/** Signing lives in core/ with the rest of the content step's side of the contract; re-exported for the proxy's tests. */
export { imageUrlSignature, signImageUrl } from '../core/image-proxy-target.js';

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
