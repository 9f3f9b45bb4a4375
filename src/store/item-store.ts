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
  /**
   * The article as ingest cleaned it (see `StoredCleaning`), or null/absent when it has not: a
   * store read back never vouches for it beyond its key and `from`, which outputs check.
   */
  cleaned?: StoredCleaning | null;
}

/** What a source holds under one identity (`ItemStore.storedIdentities`). */
export interface StoredIdentity {
  /** Removed by retention: saving the identity again does nothing (status `expired`). */
  expired: boolean;
  /** The link the item was stored with; null when it had none, or was removed by retention. */
  link: string | null;
  /** The `itemContentHash` of the item as stored; null when retention removed it. */
  contentHash: string | null;
}

/**
 * An item's article as ingest cleaned it (`processItemContent`), kept beside the item so that
 * outputs need not clean it again. It is only valid for the settings it names and the content it
 * was made from; exports leave it out, and imports never bring one in.
 */
export interface StoredCleaning {
  /** The sanitized HTML, URLs resolved and images proxied. */
  html: string;
  /** The cover picked from it (or the feed, or the fallback). */
  cover: string;
  /** The article's plain text for excerpts and search, of its raw content (`articlePlainText`). */
  text: string;
  /** The key of the cleaning settings it was made with (`cleaningKey`). */
  key: string;
  /** The item's `changedAt` it was cleaned from: a cleaning of other content is stale. */
  from: string;
}

/**
 * A stored item read without its bodies (`content`, `summary`): what using its stored cleaning
 * needs. Reading the raw article as well doubled the text a site build decodes.
 */
export type ItemWithoutBodies = Omit<StoredItem, 'content' | 'summary'>;

/** A cleaning to store for one item of a source. */
export type CleanedItem = StoredCleaning & { identity: string };

/**
 * What listing every stored item gives: the fields a site build orders, groups and fingerprints
 * posts by. No bodies and no feed extras, so that 100,000 of them stay cheap to read and hold.
 */
export type ItemHeader = Pick<
  StoredItem,
  'sourceKey' | 'identity' | 'title' | 'link' | 'published' | 'updated' | 'firstSeenAt' | 'changedAt'
> & {
  /**
   * The order the store first saved items in, increasing: the items one fetch saved come in the
   * order their feed listed them, which dates an undated item by its neighbours. Only its order
   * means anything (two stores of the same items may number them differently); absent where the
   * items were not listed as headers.
   */
  sequence?: number;
};

/**
 * What another thread needs to open its own read-only view of the items (`openItemReader`), so a
 * site build's workers read the article bodies they clean without a round trip through the main
 * thread. Opaque outside src/store: only the store that made it knows what `spec` holds, and it
 * survives `postMessage` (plain data).
 */
export interface ItemReaderSpec {
  /** Names the view: equal ids open the same items, so a thread keeps one reader per id. */
  readonly id: string;
  /** What `openItemReader` needs; the store's own business. */
  readonly spec: unknown;
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

/**
 * A summary of every stored item that saving a new item, changing one or removing one changes,
 * while marking items as seen or storing their cleanings does not. A site build records it, and a
 * build that finds it unchanged (with the same configuration) knows the site would come out the
 * same.
 */
export interface ItemsMark {
  count: number;
  /**
   * The sum of the items' `changedAt` in milliseconds, as decimal text. A change moves its item's
   * `changedAt` forward, so this grows with every change, even one saved with an earlier clock; an
   * item removed and another saved since move it by the difference of their times. Row ids are
   * left out on purpose: they differ between stores of the same items, and the mark is recorded in
   * the site, which must come out the same from either.
   */
  changes: string;
  /** The latest `changedAt`, or null without items. */
  latest: string | null;
}

/** Items: saving a fetch's items, and reading them back whole or as headers. */
export interface ItemStore {
  /**
   * Saves a fetch's items in one transaction: new identities are inserted, changed ones updated in
   * place (keeping their first-seen time), the rest only marked as seen at `seenAt` (ISO 8601 UTC).
   */
  saveItems(
    sourceKey: string,
    items: ReadonlyArray<{ identity: string; item: FeedItem }>,
    seenAt: string,
  ): Promise<SavedItem[]>;
  /**
   * Stores the cleanings of items of a source, each only while the item's `changedAt` still equals
   * its `from`: a cleaning of older content never lands on newer content saved meanwhile.
   */
  saveCleanedContent(sourceKey: string, items: readonly CleanedItem[]): Promise<void>;
  /** Every stored item of a source, newest first. */
  listItems(sourceKey: string): Promise<StoredItem[]>;
  /** Every stored item of every source, newest first (by publication, else first-seen time). */
  listAllItems(): Promise<StoredItem[]>;
  /**
   * Every stored item of every source without its body, in `listAllItems` order; with
   * `changedAfter` (ISO 8601), only the items whose `changedAt` is later.
   */
  listItemHeaders(changedAfter?: string): Promise<ItemHeader[]>;
  /**
   * The summary of every stored item that any change to the items changes (`ItemsMark`); with
   * `upTo` (ISO 8601), of the items whose `changedAt` is no later. A site build that finds the mark
   * it recorded over the items up to its recorded `latest` knows that none of those changed or went.
   */
  itemsMark(upTo?: string): Promise<ItemsMark>;
  /** The full items `refs` name, in the same order; null where an item is no longer stored. */
  getItems(refs: readonly ItemRef[]): Promise<Array<StoredItem | null>>;
  /** Like `getItems`, without the bodies: enough to use the items' stored cleanings. */
  getItemsWithoutBodies(refs: readonly ItemRef[]): Promise<Array<ItemWithoutBodies | null>>;
  /**
   * Up to `limit` of the source's items whose stored cleaning was made under another settings key
   * than `key` (`cleaningKey`: a new cleaner version, other proxy settings), to clean again; items
   * without one are not listed.
   */
  listStaleCleanings(sourceKey: string, key: string, limit: number): Promise<StoredItem[]>;
  /**
   * The identities the source has, stored or removed by retention, that are one of `identities` or
   * one of them followed by `#` and a suffix (as items sharing a guid are stored: `IdentityForms`),
   * each with what it holds: how a fetch keeps an item under the identity it was stored with
   * (`keepStoredIdentities`), and fetches no page for an item retention removed.
   */
  storedIdentities(sourceKey: string, identities: readonly string[]): Promise<Map<string, StoredIdentity>>;
  /**
   * Whether the source has any item, stored or removed by retention: it was ingested before. How a
   * fetch tells a gap since the last fetch from a source's first fetch.
   */
  hasItems(sourceKey: string): Promise<boolean>;
  /**
   * How other threads may read items themselves; absent or null when they cannot (an in-memory
   * store, PostgreSQL: the build then reads bodies through `getItems`).
   */
  itemReaderSpec?(): ItemReaderSpec | null;
}
