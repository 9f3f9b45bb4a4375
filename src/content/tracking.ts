import { urlHost } from './resolve-urls.js';

/**
 * Hosts that serve only tracking beacons (analytics, feed-click counters, ad networks); an image from
 * one of them, or from a subdomain, is a read receipt rather than article content.
 */
export const TRACKER_HOSTS = [
  'feeds.feedburner.com',
  'feedproxy.google.com',
  'feedsportal.com',
  'pixel.wp.com',
  'stats.wordpress.com',
  'google-analytics.com',
  'googletagmanager.com',
  'doubleclick.net',
  'pixel.quantserve.com',
  'scorecardresearch.com',
  'facebook.com/tr',
  'pixel.facebook.com',
  'analytics.twitter.com',
  'bat.bing.com',
  'hm.baidu.com',
  'cnzz.com',
  'mmstat.com',
  'pixel.mathtag.com',
  'tr.snapchat.com',
  'ct.pinterest.com',
  'feedblitz.com',
  'piwik.pro',
  'matomo.cloud',
] as const;

// Query keys that only identify the campaign or click that led to a link (Miniflux and ClearURLs lists),
// plus Alibaba's `spm`/`scm` and Bilibili's `spm_id_from`/`vd_source`.
const TRACKING_PARAMS = new Set([
  'spm',
  'scm',
  'spm_id_from',
  'vd_source',
  'from_spmid',
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'igshid',
  'mc_cid',
  'mc_eid',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'oly_anon_id',
  'oly_enc_id',
  'rb_clickid',
  's_cid',
  'vero_id',
  'wt.mc_id',
  '__twitter_impression',
  '_openstat',
]);

function isTrackingParam(key: string): boolean {
  const name = key.toLowerCase();
  return name.startsWith('utm_') || TRACKING_PARAMS.has(name);
}

function safeDecode(value: string): string {
  if (!value.includes('%') && !value.includes('+')) return value;
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/**
 * Removes campaign and click-tracking parameters from an absolute URL. The query is filtered piece by
 * piece rather than rebuilt with URLSearchParams, so the parameters that stay keep their exact bytes.
 */
export function stripTrackingParams(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const hashStart = url.indexOf('#', queryStart);
  const query = url.slice(queryStart + 1, hashStart === -1 ? undefined : hashStart);
  const pieces = query.split('&');
  const kept = pieces.filter((piece) => {
    const eq = piece.indexOf('=');
    return !isTrackingParam(safeDecode(eq === -1 ? piece : piece.slice(0, eq)));
  });
  if (kept.length === pieces.length) return url;
  const hash = hashStart === -1 ? '' : url.slice(hashStart);
  return url.slice(0, queryStart) + (kept.length > 0 ? `?${kept.join('&')}` : '') + hash;
}

const TRACKER_HOST_SET: ReadonlySet<string> = new Set(TRACKER_HOSTS.filter((entry) => !entry.includes('/')));
const TRACKER_PATHS = TRACKER_HOSTS.filter((entry) => entry.includes('/'));

function matchesTrackerHost(url: string): boolean {
  const host = urlHost(url);
  if (!host) return false;
  // Walk the host's parent domains, so a listed host also matches its subdomains.
  for (let dot = -1; ; dot = host.indexOf('.', dot + 1)) {
    if (TRACKER_HOST_SET.has(host.slice(dot + 1))) return true;
    if (host.indexOf('.', dot + 1) === -1) break;
  }
  for (const entry of TRACKER_PATHS) {
    const slash = entry.indexOf('/');
    const entryHost = entry.slice(0, slash);
    if (host !== entryHost && !host.endsWith(`.${entryHost}`)) continue;
    const authorityAndPath = url.slice(url.indexOf('//') + 2);
    const pathStart = authorityAndPath.search(/[/?#]/);
    const path = pathStart === -1 ? '' : authorityAndPath.slice(pathStart).toLowerCase();
    // The path must end there or go on with a new segment, query or fragment: /tr but not /trees.
    const entryPath = entry.slice(slash);
    const next = path.charAt(entryPath.length);
    if (path.startsWith(entryPath) && (next === '' || '/?#'.includes(next))) return true;
  }
  return false;
}

function isAtMostOnePixel(value: string | undefined): boolean {
  return value !== undefined && /^\s*[01](?:\.0*)?\s*(?:px)?\s*$/i.test(value);
}

/**
 * Tells whether an image is a tracking pixel: declared 1×1 (or 0×0), or loaded from a known tracker
 * host. `src` must already be absolute.
 */
export function isTrackingImage(src: string, attribs: Record<string, string>): boolean {
  if (isAtMostOnePixel(attribs.width) && isAtMostOnePixel(attribs.height)) return true;
  return matchesTrackerHost(src);
}
