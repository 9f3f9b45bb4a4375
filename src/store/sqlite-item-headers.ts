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

/** An `items` row without the body columns. */
type HeaderRow = Omit<ItemRow, 'content' | 'summary' | 'content_hash'> & { source_key: string };

/** Prepares the header queries on an open, migrated database. */
export function createItemHeaderReader(db: Database.Database): ItemHeaderReader {
  const headers = db.prepare<[], HeaderRow>(
    `SELECT s.key AS source_key, i.identity, i.guid, i.title, i.link, i.published, i.updated, i.author,
       i.categories, i.enclosures, i.image, i.base_url, i.first_seen_at, i.last_seen_at, i.changed_at
     FROM items i JOIN sources s ON s.id = i.source_id
     ORDER BY COALESCE(i.published, i.first_seen_at) DESC, i.id DESC`,
  );
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
    listHeaders: () =>
      headers.all().map((row) => ({
        id: row.guid,
        title: row.title,
        link: row.link,
        published: row.published,
        updated: row.updated,
        author: row.author,
        categories: JSON.parse(row.categories) as string[],
        enclosures: JSON.parse(row.enclosures) as ItemHeader['enclosures'],
        image: row.image,
        baseUrl: row.base_url,
        sourceKey: row.source_key,
        identity: row.identity,
        firstSeenAt: row.first_seen_at,
        lastSeenAt: row.last_seen_at,
        changedAt: row.changed_at,
      })),
    getItems: (refs) => readItems(refs),
  };
}
