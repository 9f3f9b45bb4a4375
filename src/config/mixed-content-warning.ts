import type { Config } from './resolve-config.js';
import type { ProxyMode } from './schema.js';

// On an https page browsers upgrade a plain-http image to https or block it (W3C Mixed Content
// Level 2), so an image host without https shows nothing: the proxy is what serves it over https.
// Without one, a site that looked fine over http loses those images once published over https.

const NO_PROXY =
  'site.url is https but proxy has no base or template: plain-http images will be blocked as mixed content; ' +
  'set proxy.base and run `newsmill proxy` (secret in NEWSMILL_PROXY_SECRET), or set proxy.template';

/**
 * What an https site's proxy settings would let browsers block, as warnings to print once per
 * command: plain-http images that should be proxied but have no proxy to go to, or a proxy that is
 * itself plain http. It reads the config alone, not the stored images.
 */
export function mixedContentWarnings(config: Pick<Config, 'site' | 'proxy' | 'sources'>): string[] {
  if (!/^https:/i.test(config.site.url)) return [];
  const target = config.proxy.target;
  if (target === null) {
    // Each source's own mode wins over the global one; with no sources, the global mode is the plan.
    const modes = config.sources.length > 0 ? config.sources.map((s) => s.proxyMode) : [config.proxy.mode];
    return modes.some(wantsHttpProxied) ? [NO_PROXY] : [];
  }
  const key = target.kind === 'signed' ? 'base' : 'template';
  const url = target.kind === 'signed' ? target.base : target.template.replace('{url}', '');
  if (!isPlainHttp(url)) return [];
  return [
    `site.url is https but proxy.${key} is plain http: proxied images will be blocked as mixed content; use an https proxy URL`,
  ];
}

// A host list names which hosts go through the proxy; `none` shows every image as it is. Both are
// choices the user made, so only the modes that promise to proxy plain-http images count.
function wantsHttpProxied(mode: ProxyMode): boolean {
  return mode === 'http-only' || mode === 'all';
}

function isPlainHttp(url: string): boolean {
  if (!/^http:/i.test(url) || !URL.canParse(url)) return false;
  const host = new URL(url).hostname.toLowerCase();
  // Loopback is "potentially trustworthy" (W3C Secure Contexts), so https pages may load from it.
  const loopback =
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    /^127\.\d+\.\d+\.\d+$/.test(host);
  return !loopback;
}
