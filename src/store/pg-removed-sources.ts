import type pg from 'pg';
import { inTransaction } from './pg-connection.js';
import type { OutputKind, RemovedSource } from './store.js';
import { trustedRemovalTime } from './store-values.js';

interface SourceMarkRow {
  id: number;
  key: string;
  removed_at: string | null;
  item_count: number;
}

/**
 * Marks stored sources missing from `activeKeys` as removed (once) and clears the mark of those
 * back, returning their keys; the sources' rows are locked so that two runs agree on the marks.
 */
export async function noteRemovedSources(
  pool: pg.Pool,
  activeKeys: readonly string[],
  now: Date,
): Promise<string[]> {
  const active = new Set(activeKeys);
  return inTransaction(pool, async (client) => {
    const marks = await client.query<{ id: number; key: string; removed_at: string | null }>(
      'SELECT id, key, removed_at FROM sources ORDER BY id FOR NO KEY UPDATE',
    );
    const returned: string[] = [];
    const cleared: number[] = [];
    const marked: number[] = [];
    for (const row of marks.rows) {
      if (active.has(row.key)) {
        // Added back before the purge: it keeps its items and its history.
        if (row.removed_at === null) continue;
        cleared.push(row.id);
        returned.push(row.key);
      } else if (trustedRemovalTime(row.removed_at, now) === null) {
        marked.push(row.id);
      }
    }
    if (cleared.length > 0)
      await client.query('UPDATE sources SET removed_at = NULL WHERE id = ANY($1::bigint[])', [cleared]);
    if (marked.length > 0)
      await client.query('UPDATE sources SET removed_at = $2 WHERE id = ANY($1::bigint[])', [
        marked,
        now.toISOString(),
      ]);
    return returned;
  });
}

/** Sources missing from `activeKeys`, oldest removal first, with their items and recorded files. */
export async function listRemovedSources(
  pool: pg.Pool,
  activeKeys: readonly string[],
  now: Date,
): Promise<RemovedSource[]> {
  const gone = await pool.query<SourceMarkRow>(
    `SELECT s.id, s.key, s.removed_at, (SELECT count(*) FROM items i WHERE i.source_id = s.id) AS item_count
     FROM sources s WHERE NOT (s.key = ANY($1::text[])) ORDER BY s.id`,
    [[...activeKeys]],
  );
  if (gone.rows.length === 0) return [];
  const outputs = await pool.query<{ source_id: number; kind: OutputKind; file: string }>(
    'SELECT source_id, kind, file FROM output_files WHERE source_id = ANY($1::bigint[]) ORDER BY kind, file',
    [gone.rows.map((row) => row.id)],
  );
  return gone.rows
    .map((row) => ({
      key: row.key,
      removedAt: trustedRemovalTime(row.removed_at, now) ?? now.toISOString(),
      itemCount: row.item_count,
      outputs: outputs.rows
        .filter((output) => output.source_id === row.id)
        .map((output) => ({ kind: output.kind, file: output.file })),
    }))
    .sort((a, b) => a.removedAt.localeCompare(b.removedAt));
}

/** Deletes a source's row with its items, fetch log, file records, remembered expiries and cached pages. */
export async function purgeSource(pool: pg.Pool, sourceKey: string): Promise<void> {
  await inTransaction(pool, async (client) => {
    const source = await client.query<{ id: number }>('SELECT id FROM sources WHERE key = $1 FOR UPDATE', [
      sourceKey,
    ]);
    const id = source.rows[0]?.id;
    if (id === undefined) return;
    // Cached article pages were only kept to avoid fetching them again for these items.
    await client.query('DELETE FROM page_cache WHERE url IN (SELECT link FROM items WHERE source_id = $1)', [
      id,
    ]);
    // Child rows by name, as the SQLite store deletes them, rather than left to ON DELETE CASCADE.
    for (const table of ['items', 'fetch_log', 'output_files', 'expired_items'])
      await client.query(`DELETE FROM ${table} WHERE source_id = $1`, [id]);
    await client.query('DELETE FROM sources WHERE id = $1', [id]);
  });
}
