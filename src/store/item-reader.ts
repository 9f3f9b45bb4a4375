import Database from 'better-sqlite3';
import { StoreError } from '../core/errors.js';
import { createItemHeaderReader } from './sqlite-item-headers.js';
import type { ItemReaderSpec, ItemRef, ItemWithoutBodies, StoredItem } from './store.js';

/** A read-only view of a store's items, opened by a thread other than the store's own. */
export interface ItemReader {
  /** The items `refs` name, in order, from one snapshot; null where one is gone. */
  getItems(refs: readonly ItemRef[]): Array<StoredItem | null>;
  /** Like `getItems`, without `content` and `summary`: enough for a sealed stored cleaning. */
  getItemsWithoutBodies(refs: readonly ItemRef[]): Array<ItemWithoutBodies | null>;
  close(): void;
}

/** What a SQLite store's spec holds: the file to open read-only. */
interface SqliteReaderSpec {
  kind: 'sqlite';
  file: string;
}

/** The spec of a view of the SQLite store at `file` (what `Store.itemReaderSpec` gives for a file). */
export function sqliteItemReaderSpec(file: string): ItemReaderSpec {
  const spec: SqliteReaderSpec = { kind: 'sqlite', file };
  return { id: `sqlite:${file}`, spec };
}

/** Opens the view `spec` describes (see `Store.itemReaderSpec`). */
export function openItemReader(spec: ItemReaderSpec): ItemReader {
  const file = sqliteFileOf(spec);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new StoreError(`cannot open the store ${file} for reading`, { cause: error });
  }
  const reader = createItemHeaderReader(db);
  return {
    getItems: (refs) => reader.getItems(refs),
    getItemsWithoutBodies: (refs) => reader.getItemsWithoutBodies(refs),
    close: () => db.close(),
  };
}

// Only SQLite stores hand out specs; anything else reaching here was not made by one.
function sqliteFileOf({ id, spec }: ItemReaderSpec): string {
  const candidate = spec as Partial<SqliteReaderSpec> | null;
  if (candidate?.kind === 'sqlite' && typeof candidate.file === 'string') return candidate.file;
  throw new StoreError(
    `cannot open an item reader for ${id}: only a SQLite store can be read from another thread`,
  );
}
