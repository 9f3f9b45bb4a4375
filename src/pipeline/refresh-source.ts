import type { Config, SourceConfig } from '../config/resolve-config.js';
import { capItemSize, describeItemCuts } from '../content/item-size.js';
import { describeError } from '../core/errors.js';
import { assignIdentities } from '../core/item-identity.js';
import { parseFeed } from '../parse/parse-feed.js';
import { createItemFilter } from '../filter/item-filter.js';
import { backoffEndsAt, fetchSourceFeed, nextAttemptAfterFailure } from './fetch-feed.js';
import { publishPost } from './publish-post.js';
import type { HostSemaphore } from './host-semaphore.js';
import type { HexoWriter } from '../posts/hexo-writer.js';
import { StoreUnusableError } from '../store/store-faults.js';
import type { PollHint, Store } from '../store/store.js';

/** What refreshing one source did. */
export interface SourceOutcome {
  source: SourceConfig;
  /** The one-line reason the source failed, or null. */
  error: string | null;
  /** The server answered 304: nothing was parsed or written. */
  notModified: boolean;
  /** Why the source was not fetched at all (it is backing off after failures), or null. */
  skipped: string | null;
  /** The location that served the feed (an RSSHub instance, a moved-to URL), or null. */
  servedBy: string | null;
  /** The feed moved permanently to this URL during this fetch, or null. */
  movedTo: string | null;
  /** How often the server suggests polling (Cache-Control max-age, else the feed's `<ttl>`), in seconds, or null. */
  pollHintSeconds: number | null;
  /** Which of the two gave `pollHintSeconds`, or null. */
  pollHintFrom: 'max-age' | 'ttl' | null;
  itemsNew: number;
  itemsUpdated: number;
  itemsUnchanged: number;
  /** Items still in the feed that retention already removed; they are not taken back. */
  itemsExpired: number;
  /** Items the include/exclude/age filters dropped, with reasons. */
  filtered: Array<{ title: string | null; reason: string }>;
  filesWritten: number;
  /** Items that could not be published, each message naming the item. */
  itemErrors: string[];
  /** Problems the parser recovered from. */
  warnings: string[];
}

/** The shared parts a refresh works with. */
export interface RefreshContext {
  config: Config;
  store: Store;
  /**
   * The per-host limit on requests, feeds and article pages (full text) alike, shared by the whole
   * run: a source's pages often live on a host that another source's feed comes from.
   */
  hosts?: HostSemaphore;
  /** Null when no Hexo output is configured. */
  hexo: HexoWriter | null;
  /** Ignore stored ETag/Last-Modified and fetch everything again. */
  force?: boolean;
  signal?: AbortSignal;
}

/**
 * Fetches, parses, stores and publishes one source. Failures of the source are caught and returned,
 * never thrown, so one bad source cannot stop a run; a failing item only fails that item.
 */
export async function refreshSource(source: SourceConfig, context: RefreshContext): Promise<SourceOutcome> {
  const outcome: SourceOutcome = {
    source,
    error: null,
    notModified: false,
    skipped: null,
    servedBy: null,
    movedTo: null,
    pollHintSeconds: null,
    pollHintFrom: null,
    itemsNew: 0,
    itemsUpdated: 0,
    itemsUnchanged: 0,
    itemsExpired: 0,
    filtered: [],
    filesWritten: 0,
    itemErrors: [],
    warnings: [],
  };
  const { store, config } = context;
  const startedAt = new Date();
  await store.registerSource({ key: source.key, location: source.location, categories: source.categories });
  const state = await store.getFetchState(source.key);
  const backoff = backoffEndsAt(state, startedAt, config);
  if (!context.force && backoff !== null && backoff.getTime() > startedAt.getTime()) {
    outcome.skipped = `backing off until ${backoff.toISOString()} after ${state.errorStreak} failed fetches`;
    return outcome;
  }
  const known = context.force ? { ...state, etag: null, lastModified: null } : state;
  let status: number | null = null;
  let validators = { etag: known.etag, lastModified: known.lastModified };
  try {
    const fetched = await fetchSourceFeed(source, known, config, context.signal, context.hosts);
    const { response } = fetched;
    status = response.status;
    outcome.servedBy = fetched.servedBy;
    outcome.movedTo = fetched.movedTo;
    outcome.pollHintSeconds = response.maxAgeSeconds;
    if (response.maxAgeSeconds !== null) outcome.pollHintFrom = 'max-age';
    outcome.warnings.push(...fetched.skippedMirrors.map((message) => `instance skipped: ${message}`));
    if (response.notModified) {
      outcome.notModified = true;
    } else {
      validators = { etag: response.etag, lastModified: response.lastModified };
      const isHttp = /^https?:\/\//i.test(response.effectiveUrl);
      const feed = parseFeed(response.text, {
        url: isHttp ? response.effectiveUrl : null,
        timezone: source.timezone,
        now: startedAt.getTime(),
      });
      outcome.warnings.push(...feed.warnings);
      // The server's Cache-Control wins; the feed's own <ttl> / sy:updatePeriod is the next hint.
      if (outcome.pollHintSeconds === null && feed.ttlMinutes !== null) {
        outcome.pollHintSeconds = feed.ttlMinutes * 60;
        outcome.pollHintFrom = 'ttl';
      }
      const { kept, filtered } = createItemFilter([
        config.filters ?? undefined,
        source.filters ?? undefined,
      ]).apply(feed.items, startedAt);
      outcome.filtered = filtered.map(({ item, reason }) => ({ title: item.title, reason }));
      let items = kept.slice(0, source.limit);
      if (source.fullText && context.hosts) {
        // Loaded on demand: the DOM and Readability cost ~150 ms of start-up that most runs never need.
        const { addFullText } = await import('./full-text.js');
        // Items retention removed are not stored again: fetching their pages would only be traffic,
        // and their cached pages went with them.
        const assigned = assignIdentities(items);
        const expired = await store.expiredIdentities(
          source.key,
          assigned.map(({ identity }) => identity),
        );
        const wanted = assigned.filter(({ identity }) => !expired.has(identity)).map(({ item }) => item);
        const full = await addFullText(
          wanted,
          source.fullText,
          { config, store, hosts: context.hosts },
          outcome.warnings,
        );
        const byItem = new Map(wanted.map((item, index) => [item, full[index] ?? item]));
        items = items.map((item) => byItem.get(item) ?? item);
      }
      await publishItems(items, source, context, outcome, startedAt);
    }
  } catch (error) {
    // A store that cannot be used fails every source alike: the run stops with one message.
    if (error instanceof StoreUnusableError) throw error;
    outcome.error = describeError(error);
  }
  await store
    .recordFetch({
      sourceKey: source.key,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      status,
      error: outcome.error,
      itemsSeen: outcome.itemsNew + outcome.itemsUpdated + outcome.itemsUnchanged,
      itemsNew: outcome.itemsNew,
      itemsUpdated: outcome.itemsUpdated,
      // Validators are kept only once every item is published, so failed items are fetched again.
      validators: outcome.itemErrors.length === 0 ? validators : { etag: null, lastModified: null },
      nextAttemptAt:
        outcome.error === null ? null : nextAttemptAfterFailure(state.errorStreak + 1, startedAt, config),
      movedTo: outcome.movedTo,
      servedBy: outcome.servedBy,
      pollHint: pollHintToStore(outcome),
    })
    .catch((error: unknown) => {
      if (error instanceof StoreUnusableError) throw error;
      outcome.error ??= describeError(error);
    });
  return outcome;
}

/**
 * The hint to store: a parsed feed's replaces the last one (null when it gave none); a 304 or a
 * failure keeps the last one unless a 304 carries a new max-age, since the feed was not read.
 */
function pollHintToStore(outcome: SourceOutcome): PollHint | null | undefined {
  const hint =
    outcome.pollHintSeconds !== null && outcome.pollHintFrom !== null
      ? { seconds: outcome.pollHintSeconds, from: outcome.pollHintFrom }
      : null;
  if (outcome.error !== null) return undefined;
  if (outcome.notModified) return hint ?? undefined;
  return hint;
}

async function publishItems(
  items: Parameters<typeof assignIdentities>[0],
  source: SourceConfig,
  context: RefreshContext,
  outcome: SourceOutcome,
  startedAt: Date,
): Promise<void> {
  // Cut after identities are assigned: an item identified by a hash of its text keeps its identity.
  const maxBytes = context.config.content.maxItemKB * 1024;
  const cuts = new Map<string, string>();
  const assigned = assignIdentities(items).map(({ identity, item }) => {
    const capped = capItemSize(item, maxBytes);
    if (capped.cuts.length > 0) cuts.set(identity, describeItemCuts(item.title ?? identity, capped.cuts));
    return { identity, item: capped.item };
  });
  const saved = await context.store.saveItems(source.key, assigned, startedAt.toISOString());
  const publish: Array<Promise<void>> = [];
  let unusable: StoreUnusableError | null = null;
  for (const { status, item } of saved) {
    if (status === 'expired') {
      outcome.itemsExpired++;
      continue;
    }
    if (status === 'new') outcome.itemsNew++;
    else if (status === 'updated') outcome.itemsUpdated++;
    else outcome.itemsUnchanged++;
    // Said when the cut item is stored, not again on every fetch of a feed that still lists it.
    const cut = status === 'unchanged' ? undefined : cuts.get(item.identity);
    if (cut !== undefined) outcome.warnings.push(cut);
    const hexo = context.hexo;
    if (!hexo) continue;
    // Posts are written concurrently: file creation is I/O-bound and the thread pool overlaps it.
    publish.push(
      (async () => {
        const written = await publishPost(item, source, context.config, hexo);
        if (written.status === 'written') outcome.filesWritten++;
        outcome.warnings.push(...written.warnings);
      })().catch((error: unknown) => {
        if (error instanceof StoreUnusableError) unusable ??= error;
        else outcome.itemErrors.push(`item "${item.title ?? item.identity}": ${describeError(error)}`);
      }),
    );
  }
  await Promise.all(publish);
  // Raised once every write has settled, so that none is still using the store when it closes.
  if (unusable) throw unusable;
}
