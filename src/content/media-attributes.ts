import { proxyImageUrl, type ImageProxyPolicy } from './image-proxy.js';
import { promoteLazyImage } from './lazy-images.js';
import { formatSrcset, parseSrcset, resolveUrl, type SrcsetCandidate } from './resolve-urls.js';
import { isTrackingImage, stripTrackingParams } from './tracking.js';

/** What the attribute rewriting of one article needs to know. */
export interface MediaRewriteOptions {
  /** Absolute base for relative URLs, or null when the item has none. */
  base: string | null;
  images: ImageProxyPolicy;
}

const URL_ATTRIBUTES: Record<string, readonly string[]> = {
  a: ['href'],
  img: ['src'],
  source: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
  track: ['src'],
  iframe: ['src'],
  blockquote: ['cite'],
  q: ['cite'],
  del: ['cite'],
  ins: ['cite'],
};

/** Attributes whose value is an image (or media) that the page will load, and so may be proxied. */
const PROXIED_ATTRIBUTES: Record<string, readonly string[]> = {
  img: ['src'],
  source: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
};

// Raster data: URLs only; an SVG data URL can carry script when opened on its own.
const INLINE_IMAGE = /^data:image\/(?:png|jpe?g|gif|webp|avif|bmp);/i;

/** Checks a resolved URL against the schemes its attribute may use; everything else is dropped. */
function hasAllowedScheme(url: string, tagName: string, attribute: string): boolean {
  if (/^https?:\/\//i.test(url)) return true;
  if (tagName === 'a' && attribute === 'href') return /^mailto:/i.test(url);
  return tagName === 'img' && INLINE_IMAGE.test(url);
}

/**
 * Rewrites the URL-bearing attributes of one element: lazy images become real ones, relative URLs are
 * resolved, media URLs go through the image proxy, links lose their tracking parameters, and images
 * stop leaking the Referer. Returns null for a tracking pixel, which must not be shown at all.
 */
export function rewriteMediaAttributes(
  tagName: string,
  attribs: Record<string, string>,
  options: MediaRewriteOptions,
): Record<string, string> | null {
  if (tagName === 'img') promoteLazyImage(attribs);
  return rewritePromotedMediaAttributes(tagName, attribs, options);
}

/** `rewriteMediaAttributes` for an element whose lazy image attributes were already promoted. */
export function rewritePromotedMediaAttributes(
  tagName: string,
  attribs: Record<string, string>,
  options: MediaRewriteOptions,
): Record<string, string> | null {
  for (const name of URL_ATTRIBUTES[tagName] ?? []) {
    const value = attribs[name];
    if (value === undefined) continue;
    const resolved = resolveUrl(value, options.base);
    if (resolved === null || !hasAllowedScheme(resolved, tagName, name)) {
      delete attribs[name];
      continue;
    }
    // The tracker check needs the original host, so it runs before the URL is proxied.
    if (tagName === 'img' && name === 'src' && isTrackingImage(resolved, attribs)) return null;
    if (tagName === 'a') attribs[name] = stripTrackingParams(resolved);
    else if (PROXIED_ATTRIBUTES[tagName]?.includes(name))
      attribs[name] = proxyImageUrl(resolved, options.images);
    else attribs[name] = resolved;
  }
  if ((tagName === 'img' || tagName === 'source') && attribs.srcset !== undefined) {
    const candidates: SrcsetCandidate[] = [];
    for (const candidate of parseSrcset(attribs.srcset)) {
      const resolved = resolveUrl(candidate.url, options.base);
      if (resolved && hasAllowedScheme(resolved, tagName, 'srcset'))
        candidates.push({ url: proxyImageUrl(resolved, options.images), descriptor: candidate.descriptor });
    }
    if (candidates.length > 0) attribs.srcset = formatSrcset(candidates);
    else delete attribs.srcset;
  }
  if (tagName === 'img') {
    attribs.referrerpolicy = 'no-referrer';
    attribs.loading = 'lazy';
  }
  if (tagName === 'video' || tagName === 'audio') attribs.preload = 'none';
  return attribs;
}
