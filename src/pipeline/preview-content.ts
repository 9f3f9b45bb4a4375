import type { Config, SourceConfig } from '../config/resolve-config.js';
import { capItemSize, describeItemCuts } from '../content/item-size.js';
import { processItemContent } from '../content/process-content.js';
import { assignIdentities } from '../core/item-identity.js';
import type { FeedItem } from '../core/model.js';

/** Parsed items as `run` would publish them, with the warnings publishing them gives. */
export interface PublishedPreview {
  items: FeedItem[];
  warnings: string[];
}

/**
 * Runs the content steps of a refresh on parsed items, in its order (identities, size cap, then the
 * content pipeline), without storing or writing anything: `content` becomes the article HTML a post
 * shows (the summary when there is no content), resolved, with images proxied as `config` says for
 * `source` (its proxy mode, else the config's), and sanitized; `summary` is cleaned the same way.
 */
export function previewPublishedContent(
  items: readonly FeedItem[],
  config: Config,
  source: Pick<SourceConfig, 'key' | 'proxyMode'>,
): PublishedPreview {
  const warnings: string[] = [];
  const maxBytes = config.content.maxItemKB * 1024;
  const published = assignIdentities(items).map(({ identity, item }) => {
    const capped = capItemSize(item, maxBytes);
    if (capped.cuts.length > 0) warnings.push(describeItemCuts(item.title ?? identity, capped.cuts));
    const options = {
      images: { mode: source.proxyMode, target: config.proxy.target },
      coverFallback: config.cover.fallback,
      sourceKey: source.key,
      identity,
      iframeHosts: config.content.iframeHosts,
    };
    const { summary } = capped.item;
    return {
      ...capped.item,
      content: processItemContent(capped.item, options).html,
      summary: summary === null ? null : processItemContent({ ...capped.item, content: null }, options).html,
    };
  });
  return { items: published, warnings };
}
