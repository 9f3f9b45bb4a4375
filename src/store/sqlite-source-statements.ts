import type Database from 'better-sqlite3';
import { FETCH_STATE_COLUMNS, type FetchStateRow, type SourceRow } from './source-rows.js';

/** The statements of the source table, prepared once so that each call only binds and runs. */
export interface SourceStatements {
  sourceId: Database.Statement<[string], { id: number }>;
  register: Database.Statement;
  fetchState: Database.Statement<[string], FetchStateRow>;
  list: Database.Statement<[], SourceRow>;
  /** The row `list` gives for one source key. */
  one: Database.Statement<[string], SourceRow>;
  logFetch: Database.Statement;
  /** Drops a source's fetches older than the cutoff. */
  trimLog: Database.Statement;
  recordSuccess: Database.Statement;
  recordFailure: Database.Statement;
  recordSchedule: Database.Statement;
}

/** Sources with the counts a listing adds from `items` and `fetch_log`. */
const SOURCE_ROWS = `SELECT s.*, (SELECT COUNT(*) FROM items i WHERE i.source_id = s.id) AS item_count,
    (SELECT SUM(items_new) FROM fetch_log f WHERE f.source_id = s.id) AS new_total,
    (SELECT MIN(started_at) FROM fetch_log f WHERE f.source_id = s.id) AS first_fetch
  FROM sources s`;

/** Prepares the SQL of the sources table and the fetch log on an open, migrated database. */
export function prepareSourceStatements(db: Database.Database): SourceStatements {
  return {
    sourceId: db.prepare<[string], { id: number }>('SELECT id FROM sources WHERE key = ?'),
    register: db.prepare(
      `INSERT INTO sources (key, location, categories, created_at) VALUES (@key, @location, @categories, @now)
       ON CONFLICT (key) DO UPDATE SET categories = excluded.categories,
         -- A location edited in the config overrides a remembered permanent redirect.
         moved_to = CASE WHEN location = excluded.location THEN moved_to ELSE NULL END,
         location = excluded.location`,
    ),
    fetchState: db.prepare<[string], FetchStateRow>(
      `SELECT ${FETCH_STATE_COLUMNS} FROM sources WHERE key = ?`,
    ),
    list: db.prepare<[], SourceRow>(`${SOURCE_ROWS} ORDER BY s.id`),
    one: db.prepare<[string], SourceRow>(`${SOURCE_ROWS} WHERE s.key = ?`),
    logFetch: db.prepare(
      `INSERT INTO fetch_log (source_id, started_at, duration_ms, status, error, items_seen, items_new, items_updated)
       VALUES (@source_id, @started_at, @duration_ms, @status, @error, @items_seen, @items_new, @items_updated)`,
    ),
    trimLog: db.prepare('DELETE FROM fetch_log WHERE source_id = @source_id AND started_at < @cutoff'),
    recordSuccess: db.prepare(
      `UPDATE sources SET last_attempt_at = @at, last_success_at = @at, last_error = NULL, error_streak = 0,
         etag = @etag, last_modified = @last_modified, next_attempt_at = NULL,
         moved_to = COALESCE(@moved_to, moved_to), served_by = COALESCE(@served_by, served_by),
         poll_hint_seconds = CASE WHEN @keep_hint THEN poll_hint_seconds ELSE @hint_seconds END,
         poll_hint_from = CASE WHEN @keep_hint THEN poll_hint_from ELSE @hint_from END,
         fetched_by = @fetched_by WHERE id = @id`,
    ),
    recordFailure: db.prepare(
      `UPDATE sources SET last_attempt_at = @at, last_error = @error, error_streak = error_streak + 1,
         next_attempt_at = @next_attempt_at, fetched_by = @fetched_by WHERE id = @id`,
    ),
    recordSchedule: db.prepare(
      'UPDATE sources SET next_due_at = @due_at, due_reason = @reason WHERE id = @id',
    ),
  };
}
