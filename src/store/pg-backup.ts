import type pg from 'pg';
import { StoreError } from '../core/errors.js';
import { exportedSource } from './backup-store.js';
import { parseStoreExport } from './export-schema.js';
import { itemContentHash, itemParameters, type ItemRow } from './item-rows.js';
import { inTransaction } from './pg-connection.js';
import { instantParameter, optionalInstantParameter, trustedRemovalTimes } from './store-values.js';
import { listEveryItem } from './pg-item-reads.js';
import { insertItemRows } from './pg-items.js';
import { listSourceRecords } from './pg-sources.js';
import type { OutputKind, StoreExport, StoredItem } from './store.js';

/** Every source, item, output record and tombstone, read from one snapshot. */
export async function exportPostgres(pool: pg.Pool): Promise<StoreExport> {
  return inTransaction(
    pool,
    async (client) => {
      const now = new Date();
      const marks = await client.query<{ key: string; removed_at: string }>(
        'SELECT key, removed_at FROM sources WHERE removed_at IS NOT NULL',
      );
      const removed = trustedRemovalTimes(marks.rows, now);
      const sources = (await listSourceRecords(client, now)).map(({ key, location, categories }) =>
        exportedSource(key, location, categories, removed.get(key)),
      );
      // The export's fields only: cleanings stay behind, as an import must never bring in HTML
      // that outputs would publish as it is.
      // In the order first saved, so that an import saves them in that order again.
      const items = (await listEveryItem(client, 'saved')).map(exportedItem);
      const outputs = await client.query<{
        kind: OutputKind;
        sourceKey: string;
        identity: string;
        file: string;
        writtenAt: string;
      }>(
        `SELECT o.kind, s.key AS "sourceKey", o.identity, o.file, o.written_at AS "writtenAt"
         FROM output_files o JOIN sources s ON s.id = o.source_id ORDER BY s.key, o.identity, o.kind`,
      );
      const expired = await client.query<{
        sourceKey: string;
        identity: string;
        expiredAt: string;
        lastSeenAt: string;
      }>(
        `SELECT s.key AS "sourceKey", e.identity, e.expired_at AS "expiredAt", e.last_seen_at AS "lastSeenAt"
         FROM expired_items e JOIN sources s ON s.id = e.source_id ORDER BY s.key, e.identity`,
      );
      return {
        format: 'newsmill-export',
        version: 3,
        sources,
        items,
        outputs: outputs.rows,
        expired: expired.rows,
      };
    },
    { snapshot: true },
  );
}

/** The fields of an item an export holds, in the order the SQLite store's export writes them. */
function exportedItem(item: StoredItem): StoredItem {
  const { id, title, link, published, updated, author, summary, content, categories, enclosures } = item;
  const { image, baseUrl, sourceKey, identity, firstSeenAt, lastSeenAt, changedAt } = item;
  return {
    ...{
      id,
      title,
      link,
      published,
      updated,
      author,
      summary,
      content,
      categories,
      enclosures,
      image,
      baseUrl,
    },
    ...{ sourceKey, identity, firstSeenAt, lastSeenAt, changedAt },
  };
}

/** An exported item as the row `insertItemRows` writes, with its history times in canonical form. */
function itemRowOf(item: StoredItem): ItemRow {
  return {
    ...itemParameters(item),
    identity: item.identity,
    content_hash: itemContentHash(item),
    first_seen_at: instantParameter(item.firstSeenAt, `the first-seen time of ${item.identity}`),
    last_seen_at: instantParameter(item.lastSeenAt, `the last-seen time of ${item.identity}`),
    changed_at: instantParameter(item.changedAt, `the change time of ${item.identity}`),
  };
}

// Items per statement: an export of 100,000 items is sent in parts of a few megabytes.
const IMPORT_BATCH = 1000;

/**
 * Loads an export into a store that holds no items, in one transaction, keeping every item's
 * history times and the export's order (items listed first get the lower ids, as in SQLite). The
 * whole export is validated first, so an invalid one writes nothing.
 */
export async function importPostgres(
  pool: pg.Pool,
  input: unknown,
  where: string,
): Promise<{ sources: number; items: number }> {
  const data = parseStoreExport(input);
  const rows = data.items.map((item) => ({ sourceKey: item.sourceKey, row: itemRowOf(item) }));
  await inTransaction(pool, async (client) => {
    // Two imports, or an import and a fetch, must not both find the store empty.
    await client.query('LOCK TABLE items IN SHARE ROW EXCLUSIVE MODE');
    const existing = await client.query<{ n: number }>('SELECT count(*) AS n FROM items');
    const count = existing.rows[0]?.n ?? 0;
    if (count > 0) throw new StoreError(`${where} already holds ${count} items; import into an empty store`);
    const now = new Date().toISOString();
    for (const source of data.sources)
      await client.query(
        `INSERT INTO sources (key, location, categories, created_at, removed_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (key) DO UPDATE SET location = excluded.location, categories = excluded.categories,
           removed_at = excluded.removed_at`,
        [
          source.key,
          source.location,
          JSON.stringify(source.categories),
          now,
          optionalInstantParameter(source.removedAt, `the removal time of ${source.key}`),
        ],
      );
    const ids = await client.query<{ id: number; key: string }>('SELECT id, key FROM sources');
    const sourceIds = new Map(ids.rows.map((row) => [row.key, row.id]));
    for (let start = 0; start < rows.length; start += IMPORT_BATCH) {
      const part = rows.slice(start, start + IMPORT_BATCH);
      const sourceOf = part.map(({ sourceKey, row }) => {
        const id = sourceIds.get(sourceKey);
        if (id === undefined)
          throw new StoreError(`item ${row.identity} names an unknown source ${sourceKey}`);
        return id;
      });
      await insertItemRows(
        client,
        sourceOf,
        part.map((entry) => entry.row),
      );
    }
    const outputs = data.outputs ?? [];
    await client.query(
      `INSERT INTO output_files (kind, source_id, identity, file, written_at)
       SELECT w.kind, s.id, w.identity, w.file, w.written_at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
         AS w(kind, source_key, identity, file, written_at)
       JOIN sources s ON s.key = w.source_key`,
      [
        outputs.map((output) => output.kind),
        outputs.map((output) => output.sourceKey),
        outputs.map((output) => output.identity),
        outputs.map((output) => output.file),
        outputs.map((output) => instantParameter(output.writtenAt, `the write time of ${output.file}`)),
      ],
    );
    const expired = data.expired ?? [];
    await client.query(
      `INSERT INTO expired_items (source_id, identity, expired_at, last_seen_at)
       SELECT s.id, w.identity, w.expired_at, w.last_seen_at
       FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[])
         AS w(source_key, identity, expired_at, last_seen_at)
       JOIN sources s ON s.key = w.source_key`,
      [
        expired.map((entry) => entry.sourceKey),
        expired.map((entry) => entry.identity),
        expired.map((entry) => instantParameter(entry.expiredAt, `the expiry time of ${entry.identity}`)),
        expired.map((entry) => instantParameter(entry.lastSeenAt, `the last-seen time of ${entry.identity}`)),
      ],
    );
  });
  return { sources: data.sources.length, items: data.items.length };
}
