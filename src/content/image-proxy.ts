import { signImageUrl, type ProxyMode, type ProxyTarget } from '../core/image-proxy-target.js';
import { urlHost } from './resolve-urls.js';

/** How one item's images are proxied: which ones (mode) and where to (target; null disables proxying). */
export interface ImageProxyPolicy {
  mode: ProxyMode;
  target: ProxyTarget | null;
}

/** Decides whether an absolute image URL goes through the proxy under the given mode. */
export function shouldProxyImage(url: string, mode: ProxyMode): boolean {
  // Callers pass resolved URLs, so the scheme and host can be read without a full URL parse.
  const start = url.slice(0, 8).toLowerCase();
  const scheme = start.startsWith('http://') ? 'http' : start === 'https://' ? 'https' : undefined;
  const host = urlHost(url);
  if (!scheme || !host) return false;
  if (mode === 'none') return false;
  if (mode === 'all') return true;
  if (mode === 'http-only') return scheme === 'http';
  return mode.some((entry) => {
    const wanted = entry.toLowerCase();
    return host === wanted || host.endsWith(`.${wanted}`);
  });
}

/** Returns the URL the page should load for an image: proxied when the policy says so, else unchanged. */
export function proxyImageUrl(url: string, policy: ImageProxyPolicy): string {
  const target = policy.target;
  if (!target || !shouldProxyImage(url, policy.mode)) return url;
  // Already pointing at the proxy: proxying twice would only add a hop. The prefix must reach past
  // the host, or `https://img.example.com.evil.net/` would pass for `https://img.example.com`.
  if (target.kind === 'signed') {
    if (url.startsWith(`${target.base.replace(/\/+$/, '')}/i/`)) return url;
    return signImageUrl(url, target.base, target.secret);
  }
  const prefix = target.template.slice(0, target.template.indexOf('{url}'));
  if (PAST_THE_HOST.test(prefix) && url.startsWith(prefix)) return url;
  // The ancestor's worker takes the raw URL after `?`; keep that byte-compatible. A function, so
  // that `$&` and the like in the URL are not replacement patterns.
  return target.template.replace('{url}', () => url);
}

const PAST_THE_HOST = /^[a-z][a-z\d+.-]*:\/\/[^/?#]*[/?#]/i;
