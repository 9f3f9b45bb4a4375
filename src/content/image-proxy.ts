import type { ProxyTarget } from '../config/resolve-config.js';
import type { ProxyMode } from '../config/schema.js';
import { signImageUrl } from '../proxy/url-signing.js';
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
  // Already pointing at the proxy: proxying twice would only add a hop.
  if (target.kind === 'signed' && url.startsWith(target.base)) return url;
  if (target.kind === 'template') {
    const prefix = target.template.slice(0, target.template.indexOf('{url}'));
    if (prefix && url.startsWith(prefix)) return url;
    // The ancestor's worker takes the raw URL after `?`; keep that byte-compatible.
    return target.template.replace('{url}', url);
  }
  return signImageUrl(url, target.base, target.secret);
}
