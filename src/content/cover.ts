import type { Enclosure } from '../core/model.js';
import { proxyImageUrl, type ImageProxyPolicy } from './image-proxy.js';
import { resolveUrl } from './resolve-urls.js';
import type { KeptImage } from './sanitize.js';
import { isTrackingImage } from './tracking.js';

// Emoji, smilies, avatars, share buttons and favicons: images that decorate text, not articles.
const ICON_URL =
  /(?:^|[/_.-])(?:emoji|emoticons?|smilies|smiley|icons?|favicon|avatars?|badge|spacer|blank|loading|share|qrcode|face)(?:[/_.@-]|\d|$)|\.ico(?:$|[?#])|gravatar\.com\/|face\.t\.sinajs\.cn/i;
const ICON_CLASS = /\b(?:emoji|icon|avatar|wp-smiley|smiley)\b/i;
const IMAGE_EXTENSION = /\.(?:jpe?g|png|gif|webp|avif|bmp)(?:$|[?#])/i;
const TINY = 32;

function isTiny(value: string | undefined): boolean {
  if (value === undefined) return false;
  const n = Number.parseFloat(value);
  return Number.isFinite(n) && n > 0 && n <= TINY && !value.trim().endsWith('%');
}

/** Tells whether a kept body image would make a poor cover: a declared tiny size or an icon-like URL. */
export function isIconImage(image: Pick<KeptImage, 'original' | 'width' | 'height' | 'className'>): boolean {
  if (isTiny(image.width) || isTiny(image.height)) return true;
  if (image.className && ICON_CLASS.test(image.className)) return true;
  return ICON_URL.test(image.original);
}

/** Returns the first body image that is an http(s) picture rather than an icon, or null. */
export function pickBodyCover(images: readonly KeptImage[]): string | null {
  // Inline data: images make a useless cover and bloat the front matter.
  const found = images.find((image) => /^https?:\/\//i.test(image.src) && !isIconImage(image));
  return found ? found.src : null;
}

/** What the feed itself offers as the item's picture, in the order a cover is looked for. */
export interface FeedImageSources {
  /** media:thumbnail / media:content / itunes:image, as the parser sets `FeedItem.image`. */
  image: string | null;
  enclosures: readonly Enclosure[];
}

/**
 * Picks a cover from what the feed names when the body has none: the item image, then the first image
 * enclosure (an image/* type, or an image file extension when the type is missing). The URL is resolved
 * and proxied like a body image so that it loads on the same pages.
 */
export function pickFeedCover(
  sources: FeedImageSources,
  base: string | null,
  images: ImageProxyPolicy,
): string | null {
  const enclosures = sources.enclosures
    .filter((e) => (e.type ? /^image\//i.test(e.type) : IMAGE_EXTENSION.test(e.url)))
    .map((e) => e.url);
  for (const candidate of [sources.image, ...enclosures]) {
    if (!candidate) continue;
    const url = resolveUrl(candidate, base);
    if (!url || !/^https?:\/\//i.test(url) || isTrackingImage(url, {})) continue;
    if (isIconImage({ original: url, width: undefined, height: undefined, className: undefined })) continue;
    return proxyImageUrl(url, images);
  }
  return null;
}
