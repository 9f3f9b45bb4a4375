import type { BackupStore } from './backup-store.js';
import type { ItemStore } from './item-store.js';
import type { OutputStore } from './output-store.js';
import type { PageCacheStore } from './page-cache-store.js';
import type { RetentionStore } from './retention-store.js';
import type { SourceStore } from './source-store.js';

/** Every stored record type, importable from here as from the file of its concern. */
export type { BackupStore, StoreExport } from './backup-store.js';
export type {
  ItemHeader,
  ItemsMark,
  ItemReaderSpec,
  ItemRef,
  ItemStore,
  StoredIdentity,
  SavedItem,
  SaveStatus,
  CleanedItem,
  StoredCleaning,
  ItemWithoutBodies,
  StoredItem,
} from './item-store.js';
export type { OutputKind, OutputRecord, OutputStamp, OutputStore } from './output-store.js';
export type { PageCacheStore } from './page-cache-store.js';
export type { ExpiredItem, RetentionPolicy, RetentionStore } from './retention-store.js';
export type {
  FetchRecord,
  PollHint,
  RemovedSource,
  SourceFetchState,
  SourceRecord,
  SourceRegistration,
  SourceSchedule,
  SourceStore,
  SourceValidators,
} from './source-store.js';

/**
 * The only way other stages reach stored data, split by concern as Miniflux's storage is split by
 * entity: a caller that needs one concern takes that narrower interface. It is asynchronous so that
 * a networked store (PostgreSQL) implements it without changing any caller; `openStore` opens the
 * one the config names.
 *
 * Times: every instant that crosses this interface, in either direction, is an ISO 8601 UTC string
 * as `Date.prototype.toISOString` writes it (`2026-01-02T03:04:05.678Z`), including the `now` a
 * caller passes in; a store hands back the strings it was given, byte for byte (the parser writes
 * an item's `published` and `updated` the same way). Stores check a `now` they are given.
 */
export interface Store
  extends SourceStore, ItemStore, OutputStore, RetentionStore, PageCacheStore, BackupStore {
  /** Releases the store; later calls fail. */
  close(): Promise<void>;
}

/** How to open a store. */
export interface OpenStoreOptions {
  /**
   * Read only (`build`, `sources`, `export`): nothing is written, a missing store reads as empty,
   * and a store in a folder this user may not write is still read (see `openReadOnlyDatabase`).
   */
  readonly?: boolean;
  /**
   * Connections a PostgreSQL store may hold at once (default 4): a worker running many jobs at
   * once needs about one each, or its saves queue for a connection. SQLite has one.
   */
  connections?: number;
}
