import type { Config } from '../config/resolve-config.js';
import {
  processItemContent,
  type ContentOptions,
  type ProcessedContent,
} from '../content/process-content.js';
import type { StoredItem } from '../store/store.js';
import { processInWorkers } from './content-pool.js';
import type { SitePost } from './site-posts.js';

/** Cleaned articles and covers for a build, computed once each and cached where possible. */
export interface PostContent {
  /** Cleans the given posts' articles ahead of rendering, in worker threads when there are many. */
  prefetch(posts: readonly SitePost[]): Promise<void>;
  /** The post's cleaned HTML and cover. */
  get(post: SitePost): ProcessedContent;
  /** The post's cover, from the previous build's manifest when the post did not change. */
  cover(post: SitePost): string;
}

/** The per-item options `processItemContent` needs, from the config and the item's source. */
export function contentOptionsFor(config: Config, item: StoredItem): ContentOptions {
  const source = config.sources.find((entry) => entry.key === item.sourceKey);
  return {
    images: { mode: source?.proxyMode ?? config.proxy.mode, target: config.proxy.target },
    coverFallback: config.cover.fallback,
    sourceKey: item.sourceKey,
    identity: item.identity,
    iframeHosts: config.content.iframeHosts,
  };
}

/** Creates the content cache; `cachedCovers` maps post digest to [fingerprint, cover]. */
export function createPostContent(
  config: Config,
  cachedCovers: Readonly<Record<string, [string, string]>>,
): PostContent {
  const done = new Map<string, ProcessedContent>();
  const get = (post: SitePost): ProcessedContent => {
    let content = done.get(post.digest);
    if (!content) {
      content = processItemContent(post.item, contentOptionsFor(config, post.item));
      done.set(post.digest, content);
    }
    return content;
  };
  return {
    async prefetch(posts) {
      const missing = posts.filter((post) => !done.has(post.digest));
      const results = await processInWorkers(
        missing.map((post) => ({ item: post.item, options: contentOptionsFor(config, post.item) })),
      );
      if (results)
        missing.forEach((post, index) => done.set(post.digest, results[index] as ProcessedContent));
    },
    get,
    cover(post) {
      const cached = cachedCovers[post.digest];
      if (cached && cached[0] === post.fingerprint && !done.has(post.digest)) return cached[1];
      return get(post).cover;
    },
  };
}
