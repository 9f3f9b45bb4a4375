import type { StoredItem } from './item-store.js';
import type { OutputKind } from './output-store.js';

/**
 * Everything a store holds, in a form that survives JSON (backup, moving to another store).
 * Version 1 had no `outputs` and `expired`, version 2 no `removedAt`; both still import.
 */
export interface StoreExport {
  format: 'newsmill-export';
  version: 1 | 2 | 3;
  /**
   * `removedAt`: when a source was first found missing from the config, so that a restored store
   * purges it when the original would have (`retention.removedSourceDays`), not a grace period later.
   */
  sources: Array<{ key: string; location: string; categories: string[]; removedAt?: string }>;
  items: StoredItem[];
  /** The files newsmill wrote per item: retention deletes them, and names stay stable. */
  outputs?: Array<{ kind: OutputKind; sourceKey: string; identity: string; file: string; writtenAt: string }>;
  /** Items retention removed, so a feed that still carries them does not bring them back. */
  expired?: Array<{ sourceKey: string; identity: string; expiredAt: string; lastSeenAt: string }>;
}

/** A source as an export lists it: `removedAt` only when it is marked removed. */
export function exportedSource(
  key: string,
  location: string,
  categories: string[],
  removedAt: string | undefined,
): StoreExport['sources'][number] {
  return removedAt === undefined ? { key, location, categories } : { key, location, categories, removedAt };
}

/** `newsmill export` and `import`: the whole store as one JSON document, either way. */
export interface BackupStore {
  /** Every source and item, for `newsmill export`. */
  exportData(): Promise<StoreExport>;
  /** Loads an export into this store, which must hold no items; returns what was imported. */
  importData(data: StoreExport): Promise<{ sources: number; items: number }>;
}
