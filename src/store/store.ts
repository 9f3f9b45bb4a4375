import type { FeedItem } from '../core/model.js';

/** An item as the store keeps it: the normalized item plus its place and history. */
export interface StoredItem extends FeedItem {
  /** The source's key (its `url` as written in the config). */
  sourceKey: string;
  /** The item's identity within its source (see `itemIdentity`). */
  identity: string;
  /** When newsmill first saw the item, ISO 8601 UTC; the post date of items without one. */
  firstSeenAt: string;
  /** When a fetch last contained the item, ISO 8601 UTC. */
  lastSeenAt: string;
  /**
   * When the stored content last changed, ISO 8601 UTC. It moves forward on every change, even two
   * saved with the same time, so an unchanged changedAt means unchanged content.
   */
  changedAt: string;
}

/**
 * What listing every stored item gives: the fields a site build orders, groups and fingerprints
 * posts by. No bodies and no feed extras, so that 100,000 of them stay cheap to read and hold.
 */
export type ItemHeader = Pick<
  StoredItem,
  'sourceKey' | 'identity' | 'title' | 'link' | 'published' | 'updated' | 'firstSeenAt' | 'changedAt'
>;

/**
 * What another thread needs to open its own read-only view of the items (`openItemReader`), so a
 * site build's workers read the article bodies they clean without a round trip through the main
 * thread.
 */
export interface ItemReaderSpec {
  kind: 'sqlite';
  file: string;
}

/** Names one stored item. */
export interface ItemRef {
  sourceKey: string;
  identity: string;
}

/** What saving one item did; `expired` items left the store by retention and are not taken back. */
export type SaveStatus = 'new' | 'updated' | 'unchanged' | 'expired';

/** The result of saving one item. */
export interface SavedItem {
  status: SaveStatus;
  item: StoredItem;
}

/** HTTP validators remembered per source for conditional GET. */
export interface SourceValidators {
  etag: string | null;
  lastModified: string | null;
}

/** What the next fetch of a source needs to know from earlier ones. */
export interface SourceFetchState extends SourceValidators {
  /** Failing sources are not fetched again before this instant (ISO 8601), unless forced. */
  nextAttemptAt: string | null;
  /** Where the feed moved permanently (301/308), used instead of the configured URL. */
  movedTo: string | null;
  /** Consecutive failed fetches. */
  errorStreak: number;
}

/** How often a source's server asks to be polled, and which field said so. */
export interface PollHint {
  seconds: number;
  /** `max-age`: the response's Cache-Control; `ttl`: the feed's `<ttl>` or `sy:updatePeriod`. */
  from: 'max-age' | 'ttl';
}

/** What `watch` decided about a source's next fetch, kept so an operator (and a restart) sees it. */
export interface SourceSchedule {
  /** When the source is next due, ISO 8601 UTC. */
  dueAt: string;
  /** Why then, e.g. `hint: ttl 60 min`, `backoff after 3 failures`, `adaptive interval 72 min`. */
  reason: string;
}

/** One fetch attempt of one source, for the fetch log and source health. */
export interface FetchRecord {
  sourceKey: string;
  startedAt: string;
  durationMs: number;
  /** HTTP status, 200 for local files, null when no response came back. */
  status: number | null;
  /** The short, human error message when the attempt failed. */
  error: string | null;
  itemsSeen: number;
  itemsNew: number;
  itemsUpdated: number;
  validators?: SourceValidators;
  /** When a failing source may be tried again; null clears the backoff. */
  nextAttemptAt?: string | null;
  /** A permanent redirect target to remember, when the fetch followed one. */
  movedTo?: string | null;
  /** Which URL (e.g. which RSSHub instance) served the feed. */
  servedBy?: string | null;
  /**
   * The polling hint the fetch brought: null clears it (a feed that no longer declares one), absent
   * keeps the last one (a 304 without Cache-Control, a failure).
   */
  pollHint?: PollHint | null;
}

/** A registered source and its health, as `newsmill sources` shows it. */
export interface SourceRecord {
  key: string;
  location: string;
  categories: string[];
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  errorStreak: number;
  itemCount: number;
  nextAttemptAt: string | null;
  movedTo: string | null;
  servedBy: string | null;
  /** New items per day, averaged over the fetch log (its last 30 days). */
  newItemsPerDay: number;
  /** The last polling hint the source's server gave, or null. */
  pollHint: PollHint | null;
  /** When `watch` last decided the source is next due (ISO 8601), as stored: not checked against the clock. */
  nextDueAt: string | null;
  /** Why `watch` chose `nextDueAt`, or null. */
  dueReason: string | null;
}

/** How long items stay; null means no limit. */
export interface RetentionPolicy {
  /** Items older than this (by publication, else first-seen time) leave the store. */
  maxAgeDays: number | null;
  /** Only the newest this many items of each source stay. */
  maxItemsPerSource: number | null;
}

/** An item past retention, with the files newsmill wrote for it. */
export interface ExpiredItem {
  sourceKey: string;
  identity: string;
  title: string | null;
  /** The item's date used for the age check (ISO 8601). */
  date: string;
  outputs: Array<{ kind: OutputKind; file: string }>;
}

/** A source the store holds that is no longer in the config (hand-written or selected). */
export interface RemovedSource {
  key: string;
  /** When a run first found it gone (ISO 8601 UTC); now, when none has yet. */
  removedAt: string;
  itemCount: number;
  /** Every file newsmill recorded writing for its items. */
  outputs: Array<{ kind: OutputKind; file: string }>;
}

/**
 * Everything a store holds, in a form that survives JSON (backup, moving to another store).
 * Version 1 had no `outputs` and `expired`; it still imports.
 */
export interface StoreExport {
  format: 'newsmill-export';
  version: 1 | 2;
  sources: Array<{ key: string; location: string; categories: string[] }>;
  items: StoredItem[];
  /** The files newsmill wrote per item: retention deletes them, and names stay stable. */
  outputs?: Array<{ kind: OutputKind; sourceKey: string; identity: string; file: string; writtenAt: string }>;
  /** Items retention removed, so a feed that still carries them does not bring them back. */
  expired?: Array<{ sourceKey: string; identity: string; expiredAt: string; lastSeenAt: string }>;
}

/** Which output a recorded file belongs to. */
export type OutputKind = 'hexo' | 'site';

/** How a configured source is registered in the store. */
export interface SourceRegistration {
  key: string;
  location: string;
  categories: readonly string[];
}

/**
 * The only way other stages reach stored data. It is asynchronous so that a networked store
 * (PostgreSQL) can implement it without changing any caller.
 */
export interface Store {
  /** Creates or refreshes the row of a configured source. */
  registerSource(source: SourceRegistration): Promise<void>;
  /** Validators, backoff and redirect state of a source. */
  getFetchState(sourceKey: string): Promise<SourceFetchState>;
  /**
   * Saves a fetch's items in one transaction: new identities are inserted, changed ones updated in
   * place (keeping their first-seen time), the rest only marked as seen.
   */
  saveItems(
    sourceKey: string,
    items: ReadonlyArray<{ identity: string; item: FeedItem }>,
    seenAt: string,
  ): Promise<SavedItem[]>;
  /** Appends to the fetch log and updates the source's health. */
  recordFetch(record: FetchRecord): Promise<void>;
  /** Remembers `watch`'s decision about a source's next fetch. */
  recordSchedule(sourceKey: string, schedule: SourceSchedule): Promise<void>;
  /** Every stored item of a source, newest first. */
  listItems(sourceKey: string): Promise<StoredItem[]>;
  /** Every registered source with its health, in registration order. */
  listSources(): Promise<SourceRecord[]>;
  /** Every stored item of every source, newest first (by publication, else first-seen time). */
  listAllItems(): Promise<StoredItem[]>;
  /** The file recorded for an item's output of `kind` (relative to that output's root), or null. */
  getOutputFile(kind: OutputKind, sourceKey: string, identity: string): Promise<string | null>;
  /** Records which file holds an item's output of `kind`, replacing an earlier record. */
  recordOutputFile(kind: OutputKind, sourceKey: string, identity: string, file: string): Promise<void>;
  /** Finds the items past retention, with the output files recorded for them. */
  findExpiredItems(policy: RetentionPolicy, now: Date): Promise<ExpiredItem[]>;
  /**
   * Removes items (found by `findExpiredItems`) with their output records, in one transaction, and
   * remembers their identities so later fetches do not bring them back.
   */
  removeExpiredItems(
    items: ReadonlyArray<Pick<ExpiredItem, 'sourceKey' | 'identity'>>,
    now: Date,
  ): Promise<void>;
  /**
   * Marks stored sources missing from `activeKeys` as removed from now, and unmarks those back in
   * it; returns the keys of those added back.
   */
  noteRemovedSources(activeKeys: readonly string[], now: Date): Promise<string[]>;
  /** Stored sources missing from `activeKeys`, with when they were found gone, their items and files. */
  listRemovedSources(activeKeys: readonly string[], now: Date): Promise<RemovedSource[]>;
  /** Deletes a source with all it stored: items, fetch log, file records; re-added, it starts fresh. */
  purgeSource(sourceKey: string): Promise<void>;
  /** Forgets recorded files of a source, once deleted, so that nothing deletes them again. */
  forgetOutputFiles(kind: OutputKind, sourceKey: string, files: readonly string[]): Promise<void>;
  /** Which of `identities` retention removed from the source: a feed that still lists them is not fetched for. */
  expiredIdentities(sourceKey: string, identities: readonly string[]): Promise<Set<string>>;
  /** The extracted article of a page fetched earlier, or null. */
  getCachedPage(url: string): Promise<string | null>;
  /** Remembers the extracted article of a page. */
  putCachedPage(url: string, content: string, fetchedAt: string): Promise<void>;
  /** Every source and item, for `newsmill export`. */
  exportData(): Promise<StoreExport>;
  /** Loads an export into this store, which must hold no items; returns what was imported. */
  importData(data: StoreExport): Promise<{ sources: number; items: number }>;
  /** Every stored item of every source without its body, in `listAllItems` order. */
  listItemHeaders(): Promise<ItemHeader[]>;
  /** The full items `refs` name, in the same order; null where an item is no longer stored. */
  getItems(refs: readonly ItemRef[]): Promise<Array<StoredItem | null>>;
  /** How other threads may read items themselves; absent or null when they cannot (in memory). */
  itemReaderSpec?(): ItemReaderSpec | null;
  /** Releases the store; later calls fail. */
  close(): Promise<void>;
}
