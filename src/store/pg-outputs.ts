import type pg from 'pg';
import { StoreError } from '../core/errors.js';
import { instantParameter } from './store-values.js';
import type { ItemRef, OutputKind } from './store.js';

/** The file recorded for an item's output of `kind`, or null. */
export async function readOutputFile(
  pool: pg.Pool,
  kind: OutputKind,
  sourceKey: string,
  identity: string,
): Promise<string | null> {
  const result = await pool.query<{ file: string }>(
    `SELECT o.file FROM output_files o JOIN sources s ON s.id = o.source_id
     WHERE o.kind = $1 AND s.key = $2 AND o.identity = $3`,
    [kind, sourceKey, identity],
  );
  return result.rows[0]?.file ?? null;
}

/** The files recorded for several items' outputs of `kind`, in the order asked; null where none is. */
export async function readOutputFiles(
  pool: pg.Pool,
  kind: OutputKind,
  refs: readonly ItemRef[],
): Promise<Array<string | null>> {
  const files: Array<string | null> = refs.map(() => null);
  if (refs.length === 0) return files;
  const result = await pool.query<{ place: string; file: string }>(
    `SELECT w.place, o.file
     FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS w(source_key, identity, place)
     JOIN sources s ON s.key = w.source_key
     JOIN output_files o ON o.kind = $1 AND o.source_id = s.id AND o.identity = w.identity`,
    [kind, refs.map((ref) => ref.sourceKey), refs.map((ref) => ref.identity)],
  );
  for (const row of result.rows) {
    const place = Number(row.place) - 1;
    if (!(place >= 0 && place < files.length))
      throw new StoreError('the store answered for an output it was not asked for');
    files[place] = row.file;
  }
  return files;
}

/** What an output was written from: the item's `changedAt` and the key of the settings. */
export interface OutputStampValue {
  from: string;
  settings: string;
}

/**
 * Records which file holds an item's output of `kind` and what it was written from (nothing
 * known without a stamp: the output is due again), replacing an earlier record.
 */
export async function writeOutputFile(
  pool: pg.Pool | pg.PoolClient,
  record: { kind: OutputKind; sourceKey: string; identity: string; file: string; writtenAt: string },
  stamp: OutputStampValue | undefined,
  where: string,
): Promise<void> {
  const from =
    stamp === undefined ? null : instantParameter(stamp.from, 'the change time the output was written from');
  const result = await pool.query(
    `INSERT INTO output_files (kind, source_id, identity, file, written_at, written_from, written_with)
     SELECT $1::text, id, $3::text, $4::text, $5::timestamptz, $6::timestamptz, $7::text FROM sources WHERE key = $2
     ON CONFLICT (kind, source_id, identity) DO UPDATE SET file = excluded.file, written_at = excluded.written_at,
       written_from = excluded.written_from, written_with = excluded.written_with`,
    [
      record.kind,
      record.sourceKey,
      record.identity,
      record.file,
      record.writtenAt,
      from,
      stamp?.settings ?? null,
    ],
  );
  if (result.rowCount === 0) throw new StoreError(`source ${record.sourceKey} is not registered in ${where}`);
}

/**
 * The items of the sources `settings` names (source key → settings key) whose output of `kind` is
 * due: none recorded, or recorded without a stamp, from another change time or other settings.
 * Listed source by source in the map's order, then by identity, as the SQLite store lists them.
 */
export async function listUnpublished(
  pool: pg.Pool,
  kind: OutputKind,
  settings: ReadonlyMap<string, string>,
): Promise<ItemRef[]> {
  if (settings.size === 0) return [];
  const result = await pool.query<{ source_key: string; identity: string }>(
    `SELECT s.key AS source_key, i.identity
     FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS w(key, settings, place)
     JOIN sources s ON s.key = w.key
     JOIN items i ON i.source_id = s.id
     LEFT JOIN output_files o ON o.kind = $1 AND o.source_id = i.source_id AND o.identity = i.identity
     WHERE o.file IS NULL OR o.written_from IS DISTINCT FROM i.changed_at
       OR o.written_with IS DISTINCT FROM w.settings
     ORDER BY w.place, i.identity`,
    [kind, [...settings.keys()], [...settings.values()]],
  );
  return result.rows.map((row) => ({ sourceKey: row.source_key, identity: row.identity }));
}

/** Forgets recorded files of a source (deleted already) so that nothing tries them again. */
export async function forgetOutputFiles(
  pool: pg.Pool,
  kind: OutputKind,
  sourceKey: string,
  files: readonly string[],
): Promise<void> {
  if (files.length === 0) return;
  await pool.query(
    `DELETE FROM output_files WHERE kind = $1 AND file = ANY($3::text[])
       AND source_id = (SELECT id FROM sources WHERE key = $2)`,
    [kind, sourceKey, [...files]],
  );
}

/** The extracted article of a page fetched earlier, or null. */
export async function readCachedPage(pool: pg.Pool, url: string): Promise<string | null> {
  const result = await pool.query<{ content: string }>('SELECT content FROM page_cache WHERE url = $1', [
    url,
  ]);
  return result.rows[0]?.content ?? null;
}

/** Remembers the extracted article of a page. */
export async function writeCachedPage(
  pool: pg.Pool,
  url: string,
  content: string,
  fetchedAt: string,
): Promise<void> {
  await pool.query(
    `INSERT INTO page_cache (url, content, fetched_at) VALUES ($1, $2, $3)
     ON CONFLICT (url) DO UPDATE SET content = excluded.content, fetched_at = excluded.fetched_at`,
    [url, content, fetchedAt],
  );
}
