import { identityDigest } from '../core/item-identity.js';
import type { FeedItem } from '../core/model.js';
import { fallbackCoverUrl } from '../core/fallback-cover.js';
import { articlePlainText } from './article-text.js';
import { pickBodyCover, pickFeedCover } from './cover.js';
import type { ImageProxyPolicy } from './image-proxy.js';
import { contentBaseUrl } from './resolve-urls.js';
import { sanitizeArticleHtml, type KeptImage } from './sanitize.js';

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
  /** The first real picture of the article after rewriting, else the feed's image, else the fallback. */
  cover: string;
  /**
   * The article's plain text, for excerpts and search: of its raw content, at most
   * `ARTICLE_TEXT_LIMIT` characters.
   */
  text: string;
}

/**
 * The content steps, in order: resolve relative URLs, promote lazy images, drop tracking pixels and
 * tracking parameters, proxy image URLs, then sanitize. They all happen in one pass over the HTML, and
 * each tag's rewritten attributes are checked against the allowlist as it is written, so sanitizing is
 * effectively last and covers whatever the rewriting produced. The cover comes from the images that
 * pass, so it never names an image the page does not show.
 */
export function processItemContent(item: FeedItem, options: ContentOptions): ProcessedContent {
  const raw = item.content ?? item.summary ?? '';
  const base = contentBaseUrl(item.baseUrl, item.link);
  const kept: KeptImage[] = [];
  const html = sanitizeArticleHtml(raw, {
    base,
    images: options.images,
    iframeHosts: options.iframeHosts,
    onImage: (image) => kept.push(image),
  });
  const cover =
    pickBodyCover(kept) ??
    pickFeedCover(item, base, options.images) ??
    fallbackCoverUrl(options.coverFallback, identityDigest(options.sourceKey, options.identity));
  return { html, cover, text: articlePlainText(item) };
}
