import type Database from 'better-sqlite3';
import { StoreError } from '../core/errors.js';
import { itemContentHash, itemParameters } from './item-rows.js';
import type { StoreExport } from './store.js';

/** Loads an export into an empty store in one transaction, keeping every item's history times. */
export function importStoreData(
  db: Database.Database,
  data: StoreExport,
  file: string,
): { sources: number; items: number } {
  if (data.format !== 'newsmill-export' || data.version !== 1) {
    throw new StoreError(`not a newsmill export (expected format "newsmill-export", version 1)`);
  }
  const existing = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM items').get()?.n ?? 0;
  if (existing > 0)
    throw new StoreError(`${file} already holds ${existing} items; import into an empty store`);
  const upsertSource = db.prepare(
    `INSERT INTO sources (key, location, categories, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET location = excluded.location, categories = excluded.categories`,
  );
  const sourceId = db.prepare<[string], { id: number }>('SELECT id FROM sources WHERE key = ?');
  const insertItem = db.prepare(
    `INSERT INTO items (source_id, identity, guid, title, link, published, updated, author, summary, content,
       categories, enclosures, image, base_url, content_hash, first_seen_at, last_seen_at, changed_at)
     VALUES (@source_id, @identity, @guid, @title, @link, @published, @updated, @author, @summary, @content,
       @categories, @enclosures, @image, @base_url, @content_hash, @first_seen_at, @last_seen_at, @changed_at)`,
  );
  const now = new Date().toISOString();
  db.transaction(() => {
    for (const source of data.sources)
      upsertSource.run(source.key, source.location, JSON.stringify(source.categories), now);
    for (const item of data.items) {
      const id = sourceId.get(item.sourceKey)?.id;
      if (id === undefined)
        throw new StoreError(`item ${item.identity} names an unknown source ${item.sourceKey}`);
      insertItem.run({
        ...itemParameters(item),
        source_id: id,
        identity: item.identity,
        content_hash: itemContentHash(item),
        first_seen_at: item.firstSeenAt,
        last_seen_at: item.lastSeenAt,
        changed_at: item.changedAt,
      });
    }
  })();
  return { sources: data.sources.length, items: data.items.length };
}
