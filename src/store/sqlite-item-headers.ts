import type Database from 'better-sqlite3';
import { rowToStoredItem, type ItemRow } from './item-rows.js';
import type { ItemHeader, ItemRef, StoredItem } from './store.js';

/** Reads items without their bodies, and full items by reference, for callers that need few bodies. */
export interface ItemHeaderReader {
  /** Every item without `content` and `summary`, newest first (the order of `listAllItems`). */
  listHeaders(): ItemHeader[];
  /** The items `refs` name, in order, from one snapshot; null where one is gone. */
  getItems(refs: readonly ItemRef[]): Array<StoredItem | null>;
}

/** The header columns, in the order `listHeaders` reads them as raw arrays. */
type HeaderRow = [
  sourceId: number,
  identity: string,
  title: string | null,
  link: string | null,
  published: string | null,
  updated: string | null,
  firstSeenAt: string,
  changedAt: string,
];

/** Headers newest first; the ORDER BY matches the covering index items_headers_by_date. */
export const HEADER_QUERY = `SELECT source_id, identity, title, link, published, updated, first_seen_at, changed_at
  FROM items ORDER BY COALESCE(published, first_seen_at) DESC, id ASC`;

/** Prepares the header queries on an open, migrated database. */
export function createItemHeaderReader(db: Database.Database): ItemHeaderReader {
  const headers = db.prepare<[], HeaderRow>(HEADER_QUERY).raw(true);
  const sourceKeys = db.prepare<[], [number, string]>('SELECT id, key FROM sources').raw(true);
  const sourceId = db.prepare<[string], { id: number }>('SELECT id FROM sources WHERE key = ?');
  const item = db.prepare<[number, string], ItemRow>(
    'SELECT * FROM items WHERE source_id = ? AND identity = ?',
  );
  // One read transaction, so a batch comes from one snapshot even while a fetch writes.
  const readItems = db.transaction((refs: readonly ItemRef[]) => {
    const ids = new Map<string, number | undefined>();
    return refs.map(({ sourceKey, identity }) => {
      if (!ids.has(sourceKey)) ids.set(sourceKey, sourceId.get(sourceKey)?.id);
      const id = ids.get(sourceKey);
      const row = id === undefined ? undefined : item.get(id, identity);
      return row ? rowToStoredItem(row, sourceKey) : null;
    });
  });
  return {
    listHeaders() {
      const keys = new Map(sourceKeys.all());
      return headers.all().map((row) => ({
        sourceKey: keys.get(row[0]) ?? '',
        identity: row[1],
        title: row[2],
        link: row[3],
        published: row[4],
        updated: row[5],
        firstSeenAt: row[6],
        changedAt: row[7],
      }));
    },
    getItems: (refs) => readItems(refs),
  };
}
