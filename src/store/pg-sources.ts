import type pg from 'pg';
import {
  DAY_MS,
  FETCH_LOG_DAYS,
  FETCH_STATE_COLUMNS,
  fetchStateOf,
  sourceRecordOf,
  type FetchStateRow,
  type SourceRow,
} from './source-rows.js';
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

/** Creates or refreshes a configured source's row, and returns its fetch state. */
export async function registerSource(
  pool: pg.Pool,
  source: SourceRegistration,
  now: Date,
): Promise<SourceFetchState> {
  const result = await pool.query<FetchStateRow>({
    name: 'newsmill-register-source',
    text: `INSERT INTO sources (key, location, categories, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (key) DO UPDATE SET categories = excluded.categories,
       -- A location edited in the config overrides a remembered permanent redirect.
       moved_to = CASE WHEN sources.location = excluded.location THEN sources.moved_to ELSE NULL END,
       location = excluded.location
     RETURNING ${FETCH_STATE_COLUMNS}`,
    values: [source.key, source.location, JSON.stringify(source.categories), now.toISOString()],
  });
  return fetchStateOf(result.rows[0]);
}

/**
 * Creates or refreshes many sources' rows in one statement, as `registerSource` does each. A key
 * listed twice is written once, as its last listing says (one statement may not touch a row twice).
 */
export async function registerSources(
  pool: pg.Pool,
  sources: readonly SourceRegistration[],
  now: Date,
): Promise<void> {
  const unique = [...new Map(sources.map((source) => [source.key, source])).values()];
  if (unique.length === 0) return;
  await pool.query(
    `INSERT INTO sources (key, location, categories, created_at)
     SELECT u.key, u.location, u.categories, $4 FROM unnest($1::text[], $2::text[], $3::text[])
       WITH ORDINALITY AS u(key, location, categories, position) ORDER BY u.position
     ON CONFLICT (key) DO UPDATE SET categories = excluded.categories,
       moved_to = CASE WHEN sources.location = excluded.location THEN sources.moved_to ELSE NULL END,
       location = excluded.location`,
    [
      unique.map((source) => source.key),
      unique.map((source) => source.location),
      unique.map((source) => JSON.stringify(source.categories)),
      now.toISOString(),
    ],
  );
}

/** Validators, backoff and redirect of a source; a source never fetched has none. */
export async function readFetchState(pool: pg.Pool, sourceKey: string): Promise<SourceFetchState> {
  const result = await pool.query<FetchStateRow>({
    name: 'newsmill-read-fetch-state',
    text: `SELECT ${FETCH_STATE_COLUMNS} FROM sources WHERE key = $1`,
    values: [sourceKey],
  });
  return fetchStateOf(result.rows[0]);
}

/*
 * Logging a fetch, trimming the source's log to its window and updating the source's health are
 * one statement (data-modifying CTEs run together, atomically): a worker records every fetch, and
 * each round trip of a BEGIN … COMMIT sequence held a pooled connection for the whole job's
 * neighbours to wait on. A success resets the error streak and keeps the validators; a failure
 * counts and schedules the retry. The trim's cutoff is computed in JavaScript, as SQLite's is.
 */
const RECORD_FETCH = `WITH source AS (SELECT id FROM sources WHERE key = $1),
  logged AS (
    INSERT INTO fetch_log (source_id, started_at, duration_ms, status, error, items_seen, items_new, items_updated)
    SELECT id, $2::timestamptz, $3::integer, $4::integer, $5::text, $6::integer, $7::integer, $8::integer
    FROM source RETURNING source_id),
  trimmed AS (
    DELETE FROM fetch_log WHERE source_id = (SELECT id FROM source) AND started_at < $9::timestamptz),
  health AS (
    UPDATE sources SET last_attempt_at = $2::timestamptz, fetched_by = $10::text,
      last_error = $5::text,
      error_streak = CASE WHEN $5::text IS NULL THEN 0 ELSE error_streak + 1 END,
      next_attempt_at = CASE WHEN $5::text IS NULL THEN NULL ELSE $11::timestamptz END,
      last_success_at = CASE WHEN $5::text IS NULL THEN $2::timestamptz ELSE last_success_at END,
      etag = CASE WHEN $5::text IS NULL THEN $12::text ELSE etag END,
      last_modified = CASE WHEN $5::text IS NULL THEN $13::text ELSE last_modified END,
      moved_to = CASE WHEN $5::text IS NULL THEN COALESCE($14::text, moved_to) ELSE moved_to END,
      served_by = CASE WHEN $5::text IS NULL THEN COALESCE($15::text, served_by) ELSE served_by END,
      poll_hint_seconds = CASE WHEN $5::text IS NULL AND NOT $16::boolean THEN $17::integer ELSE poll_hint_seconds END,
      poll_hint_from = CASE WHEN $5::text IS NULL AND NOT $16::boolean THEN $18::text ELSE poll_hint_from END
    WHERE id = (SELECT id FROM source))
  SELECT source_id FROM logged`;

/** Logs one fetch and updates the source's health (see RECORD_FETCH). */
export async function writeFetchRecord(pool: pg.Pool, record: FetchRecord, where: string): Promise<void> {
  const startedAt = instantParameter(record.startedAt, 'the fetch start time');
  const nextAttemptAt = optionalInstantParameter(record.nextAttemptAt, 'the next attempt time');
  const cutoff = new Date(Date.parse(startedAt) - FETCH_LOG_DAYS * DAY_MS).toISOString();
  const logged = await pool.query<{ source_id: number }>({
    name: 'newsmill-record-fetch',
    text: RECORD_FETCH,
    values: [
      record.sourceKey,
      startedAt,
      Math.round(record.durationMs),
      record.status,
      record.error,
      record.itemsSeen,
      record.itemsNew,
      record.itemsUpdated,
      cutoff,
      record.fetchedBy ?? null,
      nextAttemptAt,
      record.validators?.etag ?? null,
      record.validators?.lastModified ?? null,
      record.movedTo ?? null,
      record.servedBy ?? null,
      record.pollHint === undefined,
      record.pollHint?.seconds ?? null,
      record.pollHint?.from ?? null,
    ],
  });
  if (logged.rows.length === 0)
    throw new StoreError(`source ${record.sourceKey} is not registered in ${where}`);
}

/** Stores watch's decision about a source's next fetch. */
export async function writeSchedule(
  pool: pg.Pool,
  sourceKey: string,
  schedule: SourceSchedule,
  where: string,
): Promise<void> {
  const dueAt = instantParameter(schedule.dueAt, 'the due time');
  const result = await pool.query({
    name: 'newsmill-write-schedule',
    text: 'UPDATE sources SET next_due_at = $2, due_reason = $3 WHERE key = $1',
    values: [sourceKey, dueAt, schedule.reason],
  });
  if (result.rowCount === 0) throw new StoreError(`source ${sourceKey} is not registered in ${where}`);
}

/** Stores many sources' next fetch in one statement; a source not registered fails them all. */
export async function writeSchedules(
  pool: pg.Pool,
  entries: ReadonlyArray<{ sourceKey: string; schedule: SourceSchedule }>,
  where: string,
): Promise<void> {
  if (entries.length === 0) return;
  const dueAts = entries.map(({ schedule }) => instantParameter(schedule.dueAt, 'the due time'));
  await inTransaction(pool, async (client) => {
    const result = await client.query<{ key: string }>(
      `UPDATE sources SET next_due_at = u.due_at, due_reason = u.reason
       FROM unnest($1::text[], $2::timestamptz[], $3::text[]) AS u(key, due_at, reason)
       WHERE sources.key = u.key RETURNING sources.key`,
      [entries.map((entry) => entry.sourceKey), dueAts, entries.map((entry) => entry.schedule.reason)],
    );
    const updated = new Set(result.rows.map((row) => row.key));
    const missing = entries.find((entry) => !updated.has(entry.sourceKey));
    // Thrown inside the transaction, so that none of the batch is stored.
    if (missing) throw new StoreError(`source ${missing.sourceKey} is not registered in ${where}`);
  });
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
  const result = await pool.query<SourceRow>({
    name: 'newsmill-read-source',
    text: `${SOURCE_ROWS} WHERE s.key = $1`,
    values: [sourceKey],
  });
  const row = result.rows[0];
  return row === undefined ? null : sourceRecordOf(row, now);
}
