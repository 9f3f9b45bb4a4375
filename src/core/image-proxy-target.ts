import { createHmac } from 'node:crypto';

/*
 * The contract between the content step, which rewrites image URLs, and the image proxy, which
 * serves them: which images go through it, where they are sent, and the signed URL format. It lives
 * here so that content/ signs without reaching into proxy/ or config/; proxy/url-signing.ts verifies.
 */

/** Which images go through the proxy: `http-only`, `all`, `none`, or those of the listed hosts (and their subdomains). */
export type ProxyMode = 'http-only' | 'all' | 'none' | string[];

/** Where images are sent when they are proxied: a URL template with `{url}`, or newsmill's signed proxy. */
export type ProxyTarget =
  { kind: 'template'; template: string } | { kind: 'signed'; base: string; secret: string };

/** HMAC-SHA256 of the original URL string, keyed by the secret, as lowercase hex. */
export function imageUrlSignature(url: string, secret: string): string {
  return createHmac('sha256', secret).update(url, 'utf8').digest('hex');
}

/** Builds newsmill's signed proxy URL: `<base>/i/<hmac>/<base64url(url)>`. */
export function signImageUrl(url: string, base: string, secret: string): string {
  const encoded = Buffer.from(url, 'utf8').toString('base64url');
  return `${base.replace(/\/+$/, '')}/i/${imageUrlSignature(url, secret)}/${encoded}`;
}
