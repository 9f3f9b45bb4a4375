import type pg from 'pg';
import { inTransaction } from './pg-connection.js';
import type { ExpiredItem, OutputKind, RetentionPolicy } from './store.js';

interface CandidateRow {
  source_id: number;
  source_key: string;
  identity: string;
  title: string | null;
  item_date: string;
}

const DAY_MS = 86_400_000;
/** A tombstone no feed has mentioned for this long can go: that item will not come back. */
const TOMBSTONE_DAYS = 90;

/**
 * Lists the items past retention: too old, or beyond the newest `maxItemsPerSource` of their
 * source. Dates compare as text, as SQLite compares them, so both stores expire the same items.
 */
export async function findExpiredItems(
  pool: pg.Pool,
  policy: RetentionPolicy,
  now: Date,
): Promise<ExpiredItem[]> {
  if (policy.maxAgeDays === null && policy.maxItemsPerSource === null) return [];
  const cutoff =
    policy.maxAgeDays === null ? null : new Date(now.getTime() - policy.maxAgeDays * DAY_MS).toISOString();
  const candidates = await pool.query<CandidateRow>(
    `SELECT source_id, source_key, identity, title, item_date FROM (
       SELECT i.id, i.source_id, s.key AS source_key, i.identity, i.title, i.sort_date AS item_date,
         row_number() OVER (PARTITION BY i.source_id ORDER BY i.sort_date DESC, i.id ASC) AS rank
       FROM items i JOIN sources s ON s.id = i.source_id) AS ranked
     WHERE ($1::text IS NOT NULL AND item_date < $1::text) OR ($2::integer IS NOT NULL AND rank > $2::integer)
     ORDER BY source_key, item_date, id`,
    [cutoff, policy.maxItemsPerSource],
  );
  if (candidates.rows.length === 0) return [];
  const outputs = await pool.query<{ source_id: number; identity: string; kind: OutputKind; file: string }>(
    `SELECT o.source_id, o.identity, o.kind, o.file FROM output_files o
     JOIN unnest($1::bigint[], $2::text[]) AS w(source_id, identity)
       ON o.source_id = w.source_id AND o.identity = w.identity
     ORDER BY o.kind`,
    [candidates.rows.map((row) => row.source_id), candidates.rows.map((row) => row.identity)],
  );
  const byItem = new Map<string, Array<{ kind: OutputKind; file: string }>>();
  for (const output of outputs.rows) {
    const key = JSON.stringify([output.source_id, output.identity]);
    byItem.set(key, [...(byItem.get(key) ?? []), { kind: output.kind, file: output.file }]);
  }
  return candidates.rows.map((row) => ({
    sourceKey: row.source_key,
    identity: row.identity,
    title: row.title,
    date: row.item_date,
    outputs: byItem.get(JSON.stringify([row.source_id, row.identity])) ?? [],
  }));
}

/**
 * Removes expired items with their output records and cached pages, and remembers their
 * identities, in one transaction. The sources' rows are locked first, as a save locks them, so a
 * save running at the same time either finishes before or sees the tombstones.
 */
export async function deleteExpiredItems(
  pool: pg.Pool,
  expired: ReadonlyArray<{ sourceKey: string; identity: string }>,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  const unique = new Map(expired.map((item) => [JSON.stringify([item.sourceKey, item.identity]), item]));
  const keys = [...unique.values()].map((item) => item.sourceKey);
  const identities = [...unique.values()].map((item) => item.identity);
  await inTransaction(pool, async (client) => {
    if (unique.size > 0) {
      await client.query(`SELECT id FROM sources WHERE key = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE`, [
        [...new Set(keys)],
      ]);
      const batch = `SELECT s.id AS source_id, w.identity
        FROM unnest($1::text[], $2::text[]) AS w(source_key, identity) JOIN sources s ON s.key = w.source_key`;
      // The cached article page goes with its item: it was only kept to avoid fetching it again.
      await client.query(
        `DELETE FROM page_cache WHERE url IN (
           SELECT i.link FROM items i JOIN (${batch}) b ON i.source_id = b.source_id AND i.identity = b.identity)`,
        [keys, identities],
      );
      for (const table of ['items', 'output_files'])
        await client.query(
          `DELETE FROM ${table} t USING (${batch}) b WHERE t.source_id = b.source_id AND t.identity = b.identity`,
          [keys, identities],
        );
      await client.query(
        `INSERT INTO expired_items (source_id, identity, expired_at, last_seen_at)
         SELECT b.source_id, b.identity, $3::timestamptz, $3::timestamptz FROM (${batch}) b
         ON CONFLICT (source_id, identity) DO UPDATE SET expired_at = excluded.expired_at`,
        [keys, identities, at],
      );
    }
    await client.query('DELETE FROM expired_items WHERE last_seen_at < $1', [
      new Date(now.getTime() - TOMBSTONE_DAYS * DAY_MS).toISOString(),
    ]);
  });
}
