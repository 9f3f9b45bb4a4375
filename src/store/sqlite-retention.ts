import type Database from 'better-sqlite3';
import type { ExpiredItem, OutputKind, RetentionPolicy } from './store.js';

interface CandidateRow {
  id: number;
  source_id: number;
  source_key: string;
  identity: string;
  title: string | null;
  item_date: string;
  rank: number;
}

const DAY_MS = 86_400_000;

/** Lists the items past retention: too old, or beyond the newest `maxItemsPerSource` of their source. */
export function findExpiredItems(db: Database.Database, policy: RetentionPolicy, now: Date): ExpiredItem[] {
  if (policy.maxAgeDays === null && policy.maxItemsPerSource === null) return [];
  const cutoff =
    policy.maxAgeDays === null ? null : new Date(now.getTime() - policy.maxAgeDays * DAY_MS).toISOString();
  const rows = db
    .prepare<[string | null, string | null, number | null, number | null], CandidateRow>(
      `SELECT * FROM (
         SELECT i.id, i.source_id, s.key AS source_key, i.identity, i.title,
           COALESCE(i.published, i.first_seen_at) AS item_date,
           ROW_NUMBER() OVER (PARTITION BY i.source_id ORDER BY COALESCE(i.published, i.first_seen_at) DESC, i.id ASC) AS rank
         FROM items i JOIN sources s ON s.id = i.source_id)
       WHERE (? IS NOT NULL AND item_date < ?) OR (? IS NOT NULL AND rank > ?)
       ORDER BY source_key, item_date`,
    )
    .all(cutoff, cutoff, policy.maxItemsPerSource, policy.maxItemsPerSource);
  const outputs = db.prepare<[number, string], { kind: OutputKind; file: string }>(
    'SELECT kind, file FROM output_files WHERE source_id = ? AND identity = ? ORDER BY kind',
  );
  return rows.map((row) => ({
    sourceKey: row.source_key,
    identity: row.identity,
    title: row.title,
    date: row.item_date,
    outputs: outputs.all(row.source_id, row.identity),
  }));
}

/** Removes expired items and their output records, and remembers their identities, in one transaction. */
export function deleteExpiredItems(
  db: Database.Database,
  expired: ReadonlyArray<{ sourceKey: string; identity: string }>,
  now: Date,
): void {
  const at = now.toISOString();
  const sourceId = db.prepare<[string], { id: number }>('SELECT id FROM sources WHERE key = ?');
  // The cached article page goes with its item: it was only kept to avoid fetching it again.
  const deletePage = db.prepare(
    'DELETE FROM page_cache WHERE url = (SELECT link FROM items WHERE source_id = ? AND identity = ?)',
  );
  const deleteItem = db.prepare('DELETE FROM items WHERE source_id = ? AND identity = ?');
  const deleteOutputs = db.prepare('DELETE FROM output_files WHERE source_id = ? AND identity = ?');
  const remember = db.prepare(
    `INSERT INTO expired_items (source_id, identity, expired_at, last_seen_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (source_id, identity) DO UPDATE SET expired_at = excluded.expired_at`,
  );
  db.transaction(() => {
    for (const item of expired) {
      const source = sourceId.get(item.sourceKey)?.id;
      if (source === undefined) continue;
      deletePage.run(source, item.identity);
      deleteItem.run(source, item.identity);
      deleteOutputs.run(source, item.identity);
      remember.run(source, item.identity, at, at);
    }
    // A tombstone no feed has mentioned for 90 days can go: that item will not come back.
    db.prepare('DELETE FROM expired_items WHERE last_seen_at < ?').run(
      new Date(now.getTime() - 90 * DAY_MS).toISOString(),
    );
  })();
}
