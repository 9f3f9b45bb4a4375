import type pg from 'pg';
import { DAY_MS, FETCH_LOG_DAYS, sourceRecordOf, type SourceRow } from './source-rows.js';
import { StoreError } from '../core/errors.js';
import { inTransaction } from './pg-connection.js';
import { instantParameter, optionalInstantParameter } from './store-values.js';
import type {
  FetchRecord,
  SourceFetchState,
  SourceRecord,
  SourceRegistration,
  SourceSchedule,
} from './store.js';

/** Creates or refreshes a configured source's row. */
export async function registerSource(pool: pg.Pool, source: SourceRegistration, now: Date): Promise<void> {
  await pool.query(
    `INSERT INTO sources (key, location, categories, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (key) DO UPDATE SET categories = excluded.categories,
       -- A location edited in the config overrides a remembered permanent redirect.
       moved_to = CASE WHEN sources.location = excluded.location THEN sources.moved_to ELSE NULL END,
       location = excluded.location`,
    [source.key, source.location, JSON.stringify(source.categories), now.toISOString()],
  );
}

/** Validators, backoff and redirect of a source; a source never fetched has none. */
export async function readFetchState(pool: pg.Pool, sourceKey: string): Promise<SourceFetchState> {
  const result = await pool.query<SourceFetchState>(
    `SELECT etag, last_modified AS "lastModified", next_attempt_at AS "nextAttemptAt",
       moved_to AS "movedTo", error_streak AS "errorStreak" FROM sources WHERE key = $1`,
    [sourceKey],
  );
  const row = result.rows[0];
  return {
    etag: row?.etag ?? null,
    lastModified: row?.lastModified ?? null,
    nextAttemptAt: row?.nextAttemptAt ?? null,
    movedTo: row?.movedTo ?? null,
    errorStreak: row?.errorStreak ?? 0,
  };
}

/**
 * Logs one fetch, trims the source's log to its window, and updates the source's health in one
 * transaction: a success resets the error streak and keeps the validators, a failure counts and
 * schedules the retry.
 */
export async function writeFetchRecord(pool: pg.Pool, record: FetchRecord, where: string): Promise<void> {
  const startedAt = instantParameter(record.startedAt, 'the fetch start time');
  const nextAttemptAt = optionalInstantParameter(record.nextAttemptAt, 'the next attempt time');
  await inTransaction(pool, async (client) => {
    const logged = await client.query<{ source_id: number }>(
      `INSERT INTO fetch_log (source_id, started_at, duration_ms, status, error, items_seen, items_new, items_updated)
       SELECT id, $2::timestamptz, $3::integer, $4::integer, $5::text, $6::integer, $7::integer, $8::integer
       FROM sources WHERE key = $1 RETURNING source_id`,
      [
        record.sourceKey,
        startedAt,
        Math.round(record.durationMs),
        record.status,
        record.error,
        record.itemsSeen,
        record.itemsNew,
        record.itemsUpdated,
      ],
    );
    const id = logged.rows[0]?.source_id;
    if (id === undefined) throw new StoreError(`source ${record.sourceKey} is not registered in ${where}`);
    const cutoff = new Date(Date.parse(startedAt) - FETCH_LOG_DAYS * DAY_MS).toISOString();
    await client.query('DELETE FROM fetch_log WHERE source_id = $1 AND started_at < $2', [id, cutoff]);
    if (record.error === null) {
      await client.query(
        `UPDATE sources SET last_attempt_at = $2, last_success_at = $2, last_error = NULL, error_streak = 0,
           etag = $3, last_modified = $4, next_attempt_at = NULL,
           moved_to = COALESCE($5, moved_to), served_by = COALESCE($6, served_by),
           poll_hint_seconds = CASE WHEN $7 THEN poll_hint_seconds ELSE $8::integer END,
           poll_hint_from = CASE WHEN $7 THEN poll_hint_from ELSE $9::text END, fetched_by = $10 WHERE id = $1`,
        [
          id,
          startedAt,
          record.validators?.etag ?? null,
          record.validators?.lastModified ?? null,
          record.movedTo ?? null,
          record.servedBy ?? null,
          record.pollHint === undefined,
          record.pollHint?.seconds ?? null,
          record.pollHint?.from ?? null,
          record.fetchedBy ?? null,
        ],
      );
    } else {
      await client.query(
        `UPDATE sources SET last_attempt_at = $2, last_error = $3, error_streak = error_streak + 1,
           next_attempt_at = $4, fetched_by = $5 WHERE id = $1`,
        [id, startedAt, record.error, nextAttemptAt, record.fetchedBy ?? null],
      );
    }
  });
}

/** Stores watch's decision about a source's next fetch. */
export async function writeSchedule(
  pool: pg.Pool,
  sourceKey: string,
  schedule: SourceSchedule,
  where: string,
): Promise<void> {
  const dueAt = instantParameter(schedule.dueAt, 'the due time');
  const result = await pool.query('UPDATE sources SET next_due_at = $2, due_reason = $3 WHERE key = $1', [
    sourceKey,
    dueAt,
    schedule.reason,
  ]);
  if (result.rowCount === 0) throw new StoreError(`source ${sourceKey} is not registered in ${where}`);
}

/** Sources with the counts a listing adds from `items` and `fetch_log`. */
const SOURCE_ROWS = `SELECT s.*, (SELECT count(*) FROM items i WHERE i.source_id = s.id) AS item_count,
    (SELECT sum(items_new) FROM fetch_log f WHERE f.source_id = s.id) AS new_total,
    (SELECT min(started_at) FROM fetch_log f WHERE f.source_id = s.id) AS first_fetch
  FROM sources s`;

/** Every registered source with its health, in registration order. */
export async function listSourceRecords(db: pg.Pool | pg.PoolClient, now: Date): Promise<SourceRecord[]> {
  const result = await db.query<SourceRow>(`${SOURCE_ROWS} ORDER BY s.id`);
  return result.rows.map((row) => sourceRecordOf(row, now));
}

/** One registered source as `listSourceRecords` gives it, or null. */
export async function readSourceRecord(
  pool: pg.Pool,
  sourceKey: string,
  now: Date,
): Promise<SourceRecord | null> {
  const result = await pool.query<SourceRow>(`${SOURCE_ROWS} WHERE s.key = $1`, [sourceKey]);
  const row = result.rows[0];
  return row === undefined ? null : sourceRecordOf(row, now);
}
