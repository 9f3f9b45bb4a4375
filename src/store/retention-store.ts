import type { OutputKind } from './output-store.js';

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

/** Retention: finding the items past it, and removing them for good. */
export interface RetentionStore {
  /** Finds the items past retention at `now` (ISO 8601 UTC), with the output files recorded for them. */
  findExpiredItems(policy: RetentionPolicy, now: string): Promise<ExpiredItem[]>;
  /**
   * Removes items (found by `findExpiredItems`) with their output records, in one transaction, and
   * remembers their identities so later fetches do not bring them back.
   */
  removeExpiredItems(
    items: ReadonlyArray<Pick<ExpiredItem, 'sourceKey' | 'identity'>>,
    now: string,
  ): Promise<void>;
}
