import type Database from 'better-sqlite3';
import type {
  FetchRecord,
  PollHint,
  SourceFetchState,
  SourceRecord,
  SourceRegistration,
  SourceSchedule,
} from './store.js';

interface SourceRow {
  key: string;
  location: string;
  categories: string;
  last_attempt_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  error_streak: number;
  item_count: number;
  next_attempt_at: string | null;
  moved_to: string | null;
  served_by: string | null;
  poll_hint_seconds: number | null;
  poll_hint_from: string | null;
  next_due_at: string | null;
  due_reason: string | null;
  new_total: number | null;
  first_fetch: string | null;
}

interface FetchStateRow {
  etag: string | null;
  last_modified: string | null;
  next_attempt_at: string | null;
  moved_to: string | null;
  error_streak: number;
}

/** The sources table and the fetch log: registration, fetch state and health. */
export interface SourceTable {
  /** The row id of a registered source, or undefined. */
  idOf(sourceKey: string): number | undefined;
  register(source: SourceRegistration, now: Date): void;
  fetchState(sourceKey: string): SourceFetchState;
  /** Logs a fetch of the source with row id `id` and updates its health, in one transaction. */
  recordFetch(id: number, record: FetchRecord): void;
  /** Stores watch's decision about the next fetch of the source with row id `id`. */
  recordSchedule(id: number, schedule: SourceSchedule): void;
  list(now: Date): SourceRecord[];
}

const DAY_MS = 86_400_000;
/**
 * How long the fetch log keeps a source's fetches. It only feeds the publishing rate, and `watch`
 * logs a fetch per source every few minutes: kept forever it grew by ~300,000 rows a day for 200
 * sources, and every listing of the sources read all of them.
 */
const FETCH_LOG_DAYS = 30;

/** Averages over at least one day, so a source fetched once an hour ago does not claim 24× its rate. */
function newItemsPerDay(total: number, firstFetch: string | null, now: Date): number {
  if (firstFetch === null) return 0;
  const days = Math.max(1, (now.getTime() - Date.parse(firstFetch)) / DAY_MS);
  return Math.round((total / days) * 10) / 10;
}

/** A stored hint read back; anything but a positive number of seconds from a known field is none. */
function pollHintOf(row: SourceRow): PollHint | null {
  const { poll_hint_seconds: seconds, poll_hint_from: from } = row;
  if (seconds === null || !(seconds > 0) || (from !== 'max-age' && from !== 'ttl')) return null;
  return { seconds, from };
}

/** Prepares the source statements on an open, migrated database. */
export function createSourceTable(db: Database.Database): SourceTable {
  const statements = {
    sourceId: db.prepare<[string], { id: number }>('SELECT id FROM sources WHERE key = ?'),
    register: db.prepare(
      `INSERT INTO sources (key, location, categories, created_at) VALUES (@key, @location, @categories, @now)
       ON CONFLICT (key) DO UPDATE SET categories = excluded.categories,
         -- A location edited in the config overrides a remembered permanent redirect.
         moved_to = CASE WHEN location = excluded.location THEN moved_to ELSE NULL END,
         location = excluded.location`,
    ),
    fetchState: db.prepare<[string], FetchStateRow>(
      'SELECT etag, last_modified, next_attempt_at, moved_to, error_streak FROM sources WHERE key = ?',
    ),
    list: db.prepare<[], SourceRow>(
      `SELECT s.*, (SELECT COUNT(*) FROM items i WHERE i.source_id = s.id) AS item_count,
         (SELECT SUM(items_new) FROM fetch_log f WHERE f.source_id = s.id) AS new_total,
         (SELECT MIN(started_at) FROM fetch_log f WHERE f.source_id = s.id) AS first_fetch
       FROM sources s ORDER BY s.id`,
    ),
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
         poll_hint_from = CASE WHEN @keep_hint THEN poll_hint_from ELSE @hint_from END WHERE id = @id`,
    ),
    recordFailure: db.prepare(
      `UPDATE sources SET last_attempt_at = @at, last_error = @error, error_streak = error_streak + 1,
         next_attempt_at = @next_attempt_at WHERE id = @id`,
    ),
    recordSchedule: db.prepare(
      'UPDATE sources SET next_due_at = @due_at, due_reason = @reason WHERE id = @id',
    ),
  };
  const recordFetch = db.transaction((id: number, record: FetchRecord) => {
    statements.logFetch.run({
      source_id: id,
      started_at: record.startedAt,
      duration_ms: Math.round(record.durationMs),
      status: record.status,
      error: record.error,
      items_seen: record.itemsSeen,
      items_new: record.itemsNew,
      items_updated: record.itemsUpdated,
    });
    const started = Date.parse(record.startedAt);
    if (!Number.isNaN(started))
      statements.trimLog.run({
        source_id: id,
        cutoff: new Date(started - FETCH_LOG_DAYS * DAY_MS).toISOString(),
      });
    if (record.error === null) {
      statements.recordSuccess.run({
        id,
        at: record.startedAt,
        etag: record.validators?.etag ?? null,
        last_modified: record.validators?.lastModified ?? null,
        moved_to: record.movedTo ?? null,
        served_by: record.servedBy ?? null,
        keep_hint: record.pollHint === undefined ? 1 : 0,
        hint_seconds: record.pollHint?.seconds ?? null,
        hint_from: record.pollHint?.from ?? null,
      });
    } else {
      statements.recordFailure.run({
        id,
        at: record.startedAt,
        error: record.error,
        next_attempt_at: record.nextAttemptAt ?? null,
      });
    }
  });
  return {
    idOf: (sourceKey) => statements.sourceId.get(sourceKey)?.id,
    register(source, now) {
      statements.register.run({
        key: source.key,
        location: source.location,
        categories: JSON.stringify(source.categories),
        now: now.toISOString(),
      });
    },
    fetchState(sourceKey) {
      const row = statements.fetchState.get(sourceKey);
      return {
        etag: row?.etag ?? null,
        lastModified: row?.last_modified ?? null,
        nextAttemptAt: row?.next_attempt_at ?? null,
        movedTo: row?.moved_to ?? null,
        errorStreak: row?.error_streak ?? 0,
      };
    },
    recordFetch: (id, record) => recordFetch(id, record),
    recordSchedule(id, schedule) {
      statements.recordSchedule.run({ id, due_at: schedule.dueAt, reason: schedule.reason });
    },
    list(now) {
      return statements.list.all().map((row) => ({
        key: row.key,
        location: row.location,
        categories: JSON.parse(row.categories) as string[],
        lastAttemptAt: row.last_attempt_at,
        lastSuccessAt: row.last_success_at,
        lastError: row.last_error,
        errorStreak: row.error_streak,
        itemCount: row.item_count,
        nextAttemptAt: row.next_attempt_at,
        movedTo: row.moved_to,
        servedBy: row.served_by,
        newItemsPerDay: newItemsPerDay(row.new_total ?? 0, row.first_fetch, now),
        pollHint: pollHintOf(row),
        nextDueAt: row.next_due_at,
        dueReason: row.due_reason,
      }));
    },
  };
}
