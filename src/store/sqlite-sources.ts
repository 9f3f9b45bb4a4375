import type Database from 'better-sqlite3';
import type {
  FetchRecord,
  SourceFetchState,
  SourceRecord,
  SourceRegistration,
  SourceSchedule,
} from './store.js';
import { prepareSourceStatements, type SourceStatements } from './sqlite-source-statements.js';
import { DAY_MS, FETCH_LOG_DAYS, fetchStateOf, sourceRecordOf } from './source-rows.js';

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
  /** One source as `list` gives it, or null when it is not registered. */
  get(sourceKey: string, now: Date): SourceRecord | null;
}

/**
 * Logs one fetch, trims the source's log to its window, and updates the source's health: a success
 * resets the error streak and keeps the validators, a failure counts and schedules the retry.
 */
function writeFetchRecord(statements: SourceStatements, id: number, record: FetchRecord): void {
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
      fetched_by: record.fetchedBy ?? null,
    });
  } else {
    statements.recordFailure.run({
      id,
      at: record.startedAt,
      error: record.error,
      next_attempt_at: record.nextAttemptAt ?? null,
      fetched_by: record.fetchedBy ?? null,
    });
  }
}

/** Prepares the source statements on an open, migrated database. */
export function createSourceTable(db: Database.Database): SourceTable {
  const statements = prepareSourceStatements(db);
  const recordFetch = db.transaction((id: number, record: FetchRecord) =>
    writeFetchRecord(statements, id, record),
  );
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
    fetchState: (sourceKey) => fetchStateOf(statements.fetchState.get(sourceKey)),
    recordFetch: (id, record) => recordFetch(id, record),
    recordSchedule(id, schedule) {
      statements.recordSchedule.run({ id, due_at: schedule.dueAt, reason: schedule.reason });
    },
    list: (now) => statements.list.all().map((row) => sourceRecordOf(row, now)),
    get(sourceKey, now) {
      const row = statements.one.get(sourceKey);
      return row ? sourceRecordOf(row, now) : null;
    },
  };
}
