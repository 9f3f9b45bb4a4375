import { hash } from 'node:crypto';

/**
 * The proxy's ETag of a body: strong, from its bytes (128 bits of SHA-256), so every worker, machine
 * and restart gives the same bytes the same tag, and a CDN can revalidate with If-None-Match. The
 * upstream's own ETag is not passed on: it may be weak, missing, or shared by different encodings.
 */
export function mediaEtag(body: Uint8Array): string {
  return `"${hash('sha256', body, 'base64url').slice(0, 22)}"`;
}
