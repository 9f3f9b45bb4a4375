import type { Config } from '../config/resolve-config.js';
import type { ContentOptions, ProcessedContent } from '../content/process-content.js';
import type { Store, StoredItem } from '../store/store.js';
import type { ContentPool } from './content-pool.js';
import { contentOf } from './load-content.js';
import type { SitePost } from './site-posts.js';

/**
 * Article bodies, plain text and cleaned HTML for a build. Posts arrive as headers; `load` reads
 * the bodies of just the posts whose files are rendered, in batches, so an incremental build reads
 * a few bodies and a cold one never holds every raw body at once.
 */
export interface PostContent {
  /**
   * Loads what rendering needs: plain text for every post given, cleaned HTML (on worker threads
   * when there are many) for `html` ones and for any whose cover is not cached.
   */
  load(text: Iterable<SitePost>, html: Iterable<SitePost>): Promise<void>;
  /** The post's cleaned HTML and cover; it must have been loaded with `html`. */
  get(post: SitePost): ProcessedContent;
  /** The post's cover, from the previous build's manifest when the post did not change. */
  cover(post: SitePost): string;
  /** Whether the post's cover is unknown until its article is cleaned (it is not cached). */
  needsCleaning(post: SitePost): boolean;
  /** The article's plain text, at most `limit` (≤ `TEXT_LIMIT`) characters; it must have been loaded. */
  text(post: SitePost, limit: number): string;
  /** Keeps the post's cleaned HTML past `release`: a feed renders it after the post's page. */
  retain(post: SitePost): void;
  /**
   * Drops the post's cleaned HTML (keeping its cover) unless it was retained: once its page is
   * rendered nothing else reads it, and a cold build would otherwise hold every article at once.
   */
  release(post: SitePost): void;
}

const BATCH = 500;

// A build asks for every item's options: look sources up by key, not by scanning the list.
const sourceMaps = new WeakMap<Config, Map<string, Config['sources'][number]>>();
function sourcesOf(config: Config): Map<string, Config['sources'][number]> {
  let map = sourceMaps.get(config);
  if (!map) sourceMaps.set(config, (map = new Map(config.sources.map((source) => [source.key, source]))));
  return map;
}

/** The per-item options `processItemContent` needs, from the config and the item's source. */
export function contentOptionsFor(
  config: Config,
  item: Pick<StoredItem, 'sourceKey' | 'identity'>,
): ContentOptions {
  const source = sourcesOf(config).get(item.sourceKey);
  return {
    images: { mode: source?.proxyMode ?? config.proxy.mode, target: config.proxy.target },
    coverFallback: config.cover.fallback,
    sourceKey: item.sourceKey,
    identity: item.identity,
    iframeHosts: config.content.iframeHosts,
  };
}

/**
 * Creates the content cache; `cachedCovers` maps post digest to [fingerprint, cover], and `pool`
 * cleans the articles.
 */
export function createPostContent(
  config: Config,
  store: Store,
  cachedCovers: ReadonlyMap<string, readonly [string, string]>,
  pool: ContentPool,
): PostContent {
  const cleaned = new Map<string, ProcessedContent>();
  const texts = new Map<string, string>();
  const retained = new Set<string>();
  const releasedCovers = new Map<string, string>();
  const cachedCover = (post: SitePost): string | undefined => {
    const cached = cachedCovers.get(post.digest);
    return cached && cached[0] === post.fingerprint ? cached[1] : undefined;
  };
  const missing = (what: string, post: SitePost): Error =>
    new Error(`the ${what} of ${post.item.sourceKey} ${post.item.identity} was not loaded before rendering`);
  const get = (post: SitePost): ProcessedContent => {
    const content = cleaned.get(post.digest);
    if (!content) throw missing('article', post);
    return content;
  };
  return {
    async load(text, html) {
      const wanted = new Map<string, { post: SitePost; html: boolean }>();
      for (const post of html) if (!cleaned.has(post.digest)) wanted.set(post.digest, { post, html: true });
      for (const post of text) {
        const needsHtml = !cleaned.has(post.digest) && cachedCover(post) === undefined;
        if ((!texts.has(post.digest) || needsHtml) && !wanted.has(post.digest))
          wanted.set(post.digest, { post, html: needsHtml });
      }
      const entries = [...wanted.values()];
      pool.expect(entries.filter((entry) => entry.html).length);
      // With workers running and a store they can open, they read the bodies themselves and this
      // thread only hands out names; otherwise it reads and cleans in-process, batch by batch.
      const reader = pool.threaded ? (store.itemReaderSpec?.() ?? null) : null;
      const loading: Array<Promise<void>> = [];
      for (let start = 0; start < entries.length; start += BATCH) {
        const batch = entries.slice(start, start + BATCH);
        const jobs = batch.map(({ post, html: needsHtml }) => ({
          item: post.item,
          html: needsHtml,
          options: contentOptionsFor(config, post.item),
        }));
        const results = reader
          ? pool.load(reader, jobs)
          : store.getItems(jobs.map((job) => job.item)).then((items) => contentOf(items, jobs));
        const stored = results.then((loaded) =>
          loaded.forEach(({ text, content }, index) => {
            const digest = batch[index]?.post.digest ?? '';
            texts.set(digest, text);
            if (content) cleaned.set(digest, content);
          }),
        );
        // In-process, one batch at a time, so a cold build never holds every raw body at once.
        if (reader) loading.push(stored);
        else await stored;
      }
      await Promise.all(loading);
    },
    get,
    cover(post) {
      const cached = cleaned.has(post.digest)
        ? undefined
        : (releasedCovers.get(post.digest) ?? cachedCover(post));
      return cached ?? get(post).cover;
    },
    needsCleaning: (post) =>
      !cleaned.has(post.digest) && !releasedCovers.has(post.digest) && cachedCover(post) === undefined,
    text(post, limit) {
      const text = texts.get(post.digest);
      if (text === undefined) throw missing('text', post);
      return text.length > limit ? text.slice(0, limit) : text;
    },
    retain(post) {
      retained.add(post.digest);
    },
    release(post) {
      const content = cleaned.get(post.digest);
      if (!content || retained.has(post.digest)) return;
      releasedCovers.set(post.digest, content.cover);
      cleaned.delete(post.digest);
    },
  };
}
