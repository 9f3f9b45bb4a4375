import type { PollHint, SourceFetchState, SourceRecord } from './source-store.js';
import { StoreValueError } from './store-values.js';

// How both stores read a source's row back into a SourceRecord: the same checks on values neither
// store can vouch for (the database may have been edited), and the same derived rate.

/** A row of `sources` with the counts that listing the sources adds from `items` and `fetch_log`. */
export interface SourceRow {
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
  fetched_by: string | null;
  new_total: number | null;
  first_fetch: string | null;
}

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/**
 * How long the fetch log keeps a source's fetches. It only feeds the publishing rate, and `watch`
 * logs a fetch per source every few minutes: kept forever it grew by ~300,000 rows a day for 200
 * sources, and every listing of the sources read all of them.
 */
export const FETCH_LOG_DAYS = 30;

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

/** The source's categories, refused unless the stored JSON is a list of names. */
function categoriesOf(row: Pick<SourceRow, 'key' | 'categories'>): string[] {
  let categories: unknown;
  try {
    categories = JSON.parse(row.categories);
  } catch {
    categories = null;
  }
  if (!Array.isArray(categories) || !categories.every((name) => typeof name === 'string'))
    throw new StoreValueError(`the store holds bad categories for ${row.key}: ${row.categories}`);
  return categories as string[];
}

/** A source's row as the store interface gives it. */
export function sourceRecordOf(row: SourceRow, now: Date): SourceRecord {
  return {
    key: row.key,
    location: row.location,
    categories: categoriesOf(row),
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
    lastFetchedBy: row.fetched_by,
  };
}

/** The columns of `sources` a fetch state is read from (both stores select exactly these). */
export const FETCH_STATE_COLUMNS =
  'etag, last_modified, next_attempt_at, moved_to, error_streak, last_attempt_at';

/** A row of those columns. */
export interface FetchStateRow {
  etag: string | null;
  last_modified: string | null;
  next_attempt_at: string | null;
  moved_to: string | null;
  error_streak: number;
  last_attempt_at: string | null;
}

/** A source never fetched (no row) starts with no validators and no failures. */
export function fetchStateOf(row: FetchStateRow | undefined): SourceFetchState {
  return {
    etag: row?.etag ?? null,
    lastModified: row?.last_modified ?? null,
    nextAttemptAt: row?.next_attempt_at ?? null,
    movedTo: row?.moved_to ?? null,
    errorStreak: row?.error_streak ?? 0,
    lastAttemptAt: row?.last_attempt_at ?? null,
  };
}
