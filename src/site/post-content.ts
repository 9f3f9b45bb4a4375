import type { Config } from '../config/resolve-config.js';
import { cleaningKey } from '../content/cleaning-key.js';
import type { ContentOptions, ProcessedContent } from '../content/process-content.js';
import type { ItemReaderSpec, ItemStore, StoredItem } from '../store/store.js';
import type { ContentPool } from './content-pool.js';
import { loadContentFromStore } from './load-content.js';
import { ArticleLoadError, ContentNotLoadedError } from './site-errors.js';
import type { CachedRecords } from './post-records.js';
import { fingerprintOfPageKey, type SitePost } from './site-posts.js';
import { readSecret } from '../io/secret-file.js';

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
  /**
   * Resolves once the articles of `posts` that `load` was asked for are loaded, or is undefined when
   * they already are: files render as soon as their own posts are ready, not after every post.
   */
  whenLoaded(posts: readonly SitePost[]): Promise<void> | undefined;
  /** The post's cleaned HTML and cover; it must have been loaded with `html`. */
  get(post: SitePost): ProcessedContent;
  /** The post's cover, from the previous build's manifest when the post did not change. */
  cover(post: SitePost): string;
  /**
   * The post's `[page key, cover]` for the manifest (`postPageKey`, which starts with the post's
   * fingerprint): the cached pair itself when it still holds.
   */
  coverRecord(post: SitePost, pageKey: string): readonly [string, string];
  /** Whether the post's cover is unknown until its article is cleaned (it is not cached). */
  needsCleaning(post: SitePost): boolean;
  /** The article's plain text, at most `limit` (≤ `ARTICLE_TEXT_LIMIT`) characters; it must have been loaded. */
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

// Per config and source key: the key of the cleaning settings, hashed once per source and build.
const cleaningKeys = new WeakMap<Config, Map<string, string>>();

/** The key of the cleaning settings `contentOptionsFor` gives the items of `sourceKey`. */
export function cleaningKeyFor(config: Config, sourceKey: string): string {
  let keys = cleaningKeys.get(config);
  if (!keys) cleaningKeys.set(config, (keys = new Map()));
  let key = keys.get(sourceKey);
  if (key === undefined) {
    const { images, coverFallback, iframeHosts } = contentOptionsFor(config, { sourceKey, identity: '' });
    keys.set(sourceKey, (key = cleaningKey({ images, coverFallback, iframeHosts })));
  }
  return key;
}

/** What the cache holds during a build, by post digest. */
interface ContentState {
  cleaned: Map<string, ProcessedContent>;
  texts: Map<string, string>;
  retained: Set<string>;
  /** Covers of released articles: their pages are written, their feeds and lists still show the cover. */
  releasedCovers: Map<string, string>;
  /** How the batch that loads a post ends (null, or its failure), while in flight or once failed. */
  loading: Map<string, Promise<unknown>>;
  /** Post digest → [page key, cover] from the previous build's manifest. */
  cachedCovers: CachedRecords;
  /** Whether stored cleanings may be sealed with this build's secret (`LoadJob.trySealed`). */
  trySealed: boolean;
}

/** Where articles come from: the store, read and cleaned in-process or by the pool's workers. */
interface ArticleSource {
  config: Config;
  store: ItemStore;
  pool: ContentPool;
}

/** A post to load, and whether its article must be cleaned (else only its text is extracted). */
interface WantedArticle {
  post: SitePost;
  html: boolean;
}

/**
 * Creates the content cache; `cachedCovers` maps post digest to [page key, cover], and `pool`
 * cleans the articles.
 */
export function createPostContent(
  config: Config,
  store: ItemStore,
  cachedCovers: CachedRecords,
  pool: ContentPool,
): PostContent {
  const state: ContentState = {
    cleaned: new Map(),
    texts: new Map(),
    retained: new Set(),
    releasedCovers: new Map(),
    loading: new Map(),
    cachedCovers,
    trySealed: true,
  };
  const { cleaned, releasedCovers } = state;
  const get = (post: SitePost): ProcessedContent => {
    const content = cleaned.get(post.digest);
    if (!content) throw notLoaded('article', post);
    return content;
  };
  const cover = (post: SitePost): string => {
    const cached = cleaned.has(post.digest)
      ? undefined
      : (releasedCovers.get(post.digest) ?? cachedCover(state, post));
    return cached ?? get(post).cover;
  };
  return {
    load: (text, html) => loadArticles(state, { config, store, pool }, wantedArticles(state, text, html)),
    whenLoaded: (posts) => whenLoaded(state, posts),
    get,
    cover,
    coverRecord(post, pageKey) {
      const cached = cachedCovers.get(post.digest);
      // A cover cleaned in this build wins: it is what the pages just written show.
      const fresh = cleaned.has(post.digest) || releasedCovers.has(post.digest);
      if (cached && cached[0] === pageKey && !fresh) return cached;
      return [pageKey, cover(post)];
    },
    // A post whose segment of records is kept unread has its cover cached there.
    needsCleaning: (post) =>
      !cleaned.has(post.digest) &&
      !releasedCovers.has(post.digest) &&
      !cachedCovers.settled(post.digest) &&
      cachedCover(state, post) === undefined,
    text(post, limit) {
      const text = state.texts.get(post.digest);
      if (text === undefined) throw notLoaded('text', post);
      return text.length > limit ? text.slice(0, limit) : text;
    },
    retain(post) {
      state.retained.add(post.digest);
    },
    release(post) {
      const content = cleaned.get(post.digest);
      if (!content || state.retained.has(post.digest)) return;
      releasedCovers.set(post.digest, content.cover);
      cleaned.delete(post.digest);
    },
  };
}

function cachedCover(state: ContentState, post: SitePost): string | undefined {
  const cached = state.cachedCovers.get(post.digest);
  // The page key also names the post's neighbours, which its cover does not depend on.
  return cached && fingerprintOfPageKey(cached[0]) === post.fingerprint ? cached[1] : undefined;
}

function notLoaded(what: string, post: SitePost): ContentNotLoadedError {
  return new ContentNotLoadedError(
    `the ${what} of ${post.item.sourceKey} ${post.item.identity} was not loaded before rendering`,
  );
}

/** The posts `load` must read: `html` ones to clean, `text` ones for their text (and uncached cover). */
function wantedArticles(
  state: ContentState,
  text: Iterable<SitePost>,
  html: Iterable<SitePost>,
): WantedArticle[] {
  const wanted = new Map<string, WantedArticle>();
  for (const post of html) if (!state.cleaned.has(post.digest)) wanted.set(post.digest, { post, html: true });
  for (const post of text) {
    const needsHtml = !state.cleaned.has(post.digest) && cachedCover(state, post) === undefined;
    if ((!state.texts.has(post.digest) || needsHtml) && !wanted.has(post.digest))
      wanted.set(post.digest, { post, html: needsHtml });
  }
  return [...wanted.values()];
}

function whenLoaded(state: ContentState, posts: readonly SitePost[]): Promise<void> | undefined {
  let waits: Set<Promise<unknown>> | undefined;
  for (const post of posts) {
    const done = state.loading.get(post.digest);
    if (done) (waits ??= new Set()).add(done);
  }
  return (
    waits &&
    Promise.all(waits).then((outcomes) => {
      const failure = outcomes.find((outcome) => outcome !== null);
      if (failure !== undefined) throw failure;
    })
  );
}

/** Loads `entries` in batches, each failing as an ArticleLoadError that names its posts. */
async function loadArticles(
  state: ContentState,
  source: ArticleSource,
  entries: readonly WantedArticle[],
): Promise<void> {
  const { pool, store } = source;
  pool.expect(entries.filter((entry) => entry.html).length);
  // With workers running and a store they can open, they read the bodies themselves and this
  // thread only hands out names; otherwise it reads and cleans in-process, batch by batch.
  const reader = pool.threaded ? (store.itemReaderSpec?.() ?? null) : null;
  const batches: Array<{ batch: readonly WantedArticle[]; settle(failure: unknown): void }> = [];
  for (let start = 0; start < entries.length; start += BATCH) {
    const batch = entries.slice(start, start + BATCH);
    let settle: (failure: unknown) => void = () => undefined;
    // It never rejects, so nothing is unhandled while no page waits; whenLoaded rethrows.
    const outcome = new Promise<unknown>((resolve) => (settle = resolve));
    for (const { post } of batch) state.loading.set(post.digest, outcome);
    batches.push({ batch, settle });
  }
  const run = async (entry: (typeof batches)[number]): Promise<void> => {
    try {
      await loadBatch(state, source, reader, entry.batch);
      entry.settle(null);
    } catch (cause) {
      const error = articleLoadError(entry.batch, cause);
      entry.settle(error);
      throw error;
    }
  };
  // Workers take every batch at once, after the first, which tells whether stored cleanings are
  // sealed with this build's secret (`trySealed`); in-process, one batch at a time, so a cold
  // build never holds every raw body at once.
  if (reader) {
    const [first, ...rest] = batches;
    try {
      if (first) await run(first);
    } catch (error) {
      for (const other of rest) other.settle(error);
      throw error;
    }
    await Promise.all(rest.map(run));
    return;
  }
  for (const [index, entry] of batches.entries()) {
    try {
      await run(entry);
    } catch (error) {
      for (const rest of batches.slice(index + 1)) rest.settle(error);
      throw error;
    }
  }
}

async function loadBatch(
  state: ContentState,
  { config, store, pool }: ArticleSource,
  reader: ItemReaderSpec | null,
  batch: readonly WantedArticle[],
): Promise<void> {
  const sealSecret = readSecret(config.seal, false);
  const trySealed = state.trySealed;
  const jobs = batch.map(({ post, html }) => ({
    item: post.item,
    html,
    options: contentOptionsFor(config, post.item),
    cleaningKey: cleaningKeyFor(config, post.item.sourceKey),
    sealSecret,
    trySealed,
  }));
  const loaded = reader ? await pool.load(reader, jobs) : await loadContentFromStore(store, jobs);
  // None sealed with this secret: the rest of the build reads the raw articles at once.
  if (trySealed && !loaded.some((one) => one.sealed)) state.trySealed = false;
  loaded.forEach(({ text, content }, index) => {
    const digest = batch[index]?.post.digest ?? '';
    state.texts.set(digest, text);
    if (content) state.cleaned.set(digest, content);
    state.loading.delete(digest);
  });
}

/** The failure of one batch, naming how many posts it held and the first of them. */
function articleLoadError(batch: readonly WantedArticle[], cause: unknown): ArticleLoadError {
  const first = batch[0]?.post.item;
  const count = batch.length === 1 ? '1 post' : `${batch.length} posts`;
  const which = first ? `${first.sourceKey} ${first.identity}${batch.length > 1 ? ' and others' : ''}` : '';
  return new ArticleLoadError(`cannot load the articles of ${count} (${which})`, { cause });
}
