import type Database from 'better-sqlite3';
import { StoreError } from '../core/errors.js';
import { exportedSource } from './backup-store.js';
import { parseStoreExport } from './export-schema.js';
import { itemContentHash, itemParameters, rowToStoredItem, type ItemRow } from './item-rows.js';
import type { OutputKind, SourceRecord, StoreExport } from './store.js';
import { trustedRemovalTimes } from './store-values.js';

/**
 * Loads an export into an empty store in one transaction, keeping every item's history times. The
 * whole export is validated first (it may have been edited or come from elsewhere), so an invalid one
 * writes nothing.
 */
export function importStoreData(
  db: Database.Database,
  input: unknown,
  file: string,
): { sources: number; items: number } {
  const data = parseStoreExport(input);
  const existing = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM items').get()?.n ?? 0;
  if (existing > 0)
    throw new StoreError(`${file} already holds ${existing} items; import into an empty store`);
  // The export's removal marks replace the store's: the store becomes what was exported.
  const upsertSource = db.prepare(
    `INSERT INTO sources (key, location, categories, created_at, removed_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET location = excluded.location, categories = excluded.categories,
       removed_at = excluded.removed_at`,
  );
  const sourceId = db.prepare<[string], { id: number }>('SELECT id FROM sources WHERE key = ?');
  const insertItem = db.prepare(
    `INSERT INTO items (source_id, identity, guid, title, link, published, updated, author, summary, content,
       categories, enclosures, image, base_url, content_hash, first_seen_at, last_seen_at, changed_at)
     VALUES (@source_id, @identity, @guid, @title, @link, @published, @updated, @author, @summary, @content,
       @categories, @enclosures, @image, @base_url, @content_hash, @first_seen_at, @last_seen_at, @changed_at)`,
  );
  const insertOutput = db.prepare(
    'INSERT INTO output_files (kind, source_id, identity, file, written_at) VALUES (?, ?, ?, ?, ?)',
  );
  const insertExpired = db.prepare(
    'INSERT INTO expired_items (source_id, identity, expired_at, last_seen_at) VALUES (?, ?, ?, ?)',
  );
  const now = new Date().toISOString();
  db.transaction(() => {
    for (const source of data.sources)
      upsertSource.run(
        source.key,
        source.location,
        JSON.stringify(source.categories),
        now,
        source.removedAt ?? null,
      );
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
    const source = (key: string, what: string): number => {
      const id = sourceId.get(key)?.id;
      if (id === undefined) throw new StoreError(`${what} names an unknown source ${key}`);
      return id;
    };
    for (const output of data.outputs ?? [])
      insertOutput.run(
        output.kind,
        source(output.sourceKey, `the ${output.kind} file ${output.file}`),
        output.identity,
        output.file,
        output.writtenAt,
      );
    for (const entry of data.expired ?? [])
      insertExpired.run(
        source(entry.sourceKey, `expired item ${entry.identity}`),
        entry.identity,
        entry.expiredAt,
        entry.lastSeenAt,
      );
  })();
  return { sources: data.sources.length, items: data.items.length };
}

/**
 * Everything the store holds, for an export, read in one transaction so that its parts agree (a
 * fetch writing meanwhile is either wholly in it or not at all).
 */
export function exportStoreData(
  db: Database.Database,
  listSources: (now: Date) => SourceRecord[],
): StoreExport {
  return db.transaction((): StoreExport => {
    const now = new Date();
    const marks = db
      .prepare<[], { key: string; removed_at: unknown }>(
        'SELECT key, removed_at FROM sources WHERE removed_at IS NOT NULL',
      )
      .all();
    const removed = trustedRemovalTimes(marks, now);
    const sources = listSources(now).map(({ key, location, categories }) =>
      exportedSource(key, location, categories, removed.get(key)),
    );
    return { format: 'newsmill-export', version: 3, sources, items: exportItems(db), ...exportRecords(db) };
  })();
}

/**
 * Every item for an export, in the order they were first saved, so that an import saves them in
 * that order again: a fetch's items keep their feed's order (`ItemHeader.sequence`). Cleanings stay
 * behind: an import must never bring in HTML that outputs would publish as it is.
 */
function exportItems(db: Database.Database): StoreExport['items'] {
  return db
    .prepare<[], ItemRow & { source_key: string }>(
      'SELECT i.*, s.key AS source_key FROM items i JOIN sources s ON s.id = i.source_id ORDER BY i.id',
    )
    .all()
    .map((row) => {
      const { cleaned: _cleaned, ...item } = rowToStoredItem(row, row.source_key);
      return item;
    });
}

/** The output-file records and retention's tombstones, for an export. */
function exportRecords(db: Database.Database): Required<Pick<StoreExport, 'outputs' | 'expired'>> {
  const outputs = db
    .prepare<[], { kind: OutputKind; sourceKey: string; identity: string; file: string; writtenAt: string }>(
      `SELECT o.kind, s.key AS sourceKey, o.identity, o.file, o.written_at AS writtenAt
       FROM output_files o JOIN sources s ON s.id = o.source_id ORDER BY s.key, o.identity, o.kind`,
    )
    .all();
  const expired = db
    .prepare<[], { sourceKey: string; identity: string; expiredAt: string; lastSeenAt: string }>(
      `SELECT s.key AS sourceKey, e.identity, e.expired_at AS expiredAt, e.last_seen_at AS lastSeenAt
       FROM expired_items e JOIN sources s ON s.id = e.source_id ORDER BY s.key, e.identity`,
    )
    .all();
  return { outputs, expired };
}
