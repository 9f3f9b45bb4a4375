import Database from 'better-sqlite3';
import { StoreError } from '../core/errors.js';
import { createItemHeaderReader } from './sqlite-item-headers.js';
import type { ItemReaderSpec, ItemRef, StoredItem } from './store.js';

/** A read-only view of a store's items, opened by a thread other than the store's own. */
export interface ItemReader {
  /** The items `refs` name, in order, from one snapshot; null where one is gone. */
  getItems(refs: readonly ItemRef[]): Array<StoredItem | null>;
  close(): void;
}

/** Opens the view `spec` describes (see `Store.itemReaderSpec`). */
export function openItemReader(spec: ItemReaderSpec): ItemReader {
  let db: Database.Database;
  try {
    db = new Database(spec.file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new StoreError(`cannot open the store ${spec.file} for reading`, { cause: error });
  }
  const reader = createItemHeaderReader(db);
  return { getItems: (refs) => reader.getItems(refs), close: () => db.close() };
}
