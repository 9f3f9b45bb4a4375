import type { StoredItem } from './item-store.js';
import type { OutputKind } from './output-store.js';

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

/** `newsmill export` and `import`: the whole store as one JSON document, either way. */
export interface BackupStore {
  /** Every source and item, for `newsmill export`. */
  exportData(): Promise<StoreExport>;
  /** Loads an export into this store, which must hold no items; returns what was imported. */
  importData(data: StoreExport): Promise<{ sources: number; items: number }>;
}
