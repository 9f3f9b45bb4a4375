import { identityDigest } from '../core/item-identity.js';
import type { FeedItem } from '../core/model.js';
import { fallbackCoverUrl, firstImageUrl } from './cover.js';
import type { ImageProxyPolicy } from './image-proxy.js';
import { contentBaseUrl } from './resolve-urls.js';
import { sanitizeArticleHtml } from './sanitize.js';

/** What turning an item into publishable HTML needs. */
export interface ContentOptions {
  images: ImageProxyPolicy;
  /** The fallback cover template, with `{n}`. */
  coverFallback: string;
  sourceKey: string;
  identity: string;
  iframeHosts?: readonly string[];
}

/** An item's article, ready to publish. */
export interface ProcessedContent {
  /** Sanitized HTML with resolved and proxied URLs (not yet brace-escaped: that is Hexo's concern). */
  html: string;
  /** The first image after rewriting, else the fallback. */
  cover: string;
}

/**
 * The content steps, in order: resolve relative URLs, promote lazy images and proxy image URLs,
 * then sanitize. All three happen in one sanitize-html pass whose allowlist filter runs after our
 * transforms, so sanitizing is effectively last and checks what the rewriting produced. The cover is
 * read from the sanitized result, so it never names an image the page does not show.
 */
export function processItemContent(item: FeedItem, options: ContentOptions): ProcessedContent {
  const raw = item.content ?? item.summary ?? '';
  const html = sanitizeArticleHtml(raw, {
    base: contentBaseUrl(item.baseUrl, item.link),
    images: options.images,
    iframeHosts: options.iframeHosts,
  });
  const cover =
    firstImageUrl(html) ??
    fallbackCoverUrl(options.coverFallback, identityDigest(options.sourceKey, options.identity));
  return { html, cover };
}
