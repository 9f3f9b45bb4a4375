import { StoreError } from '../core/errors.js';

/**
 * A value handed to a store, or read back from it, is not one it can keep or use: a time that is no
 * ISO 8601 instant, a row column of the wrong type, categories that are not a list of names.
 */
export class StoreValueError extends StoreError {
  override readonly name = 'StoreValueError';
}

// What newsmill writes: Date#toISOString's form, or one it reads as the same instant (no
// fraction, fewer digits, an offset). PostgreSQL would also take 'now', 'epoch' or 'infinity' as
// times, and a four-digit year keeps every value inside what toISOString prints back.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * The canonical form (`Date#toISOString`) of an instant the interface passes in, for a
 * `timestamptz` column: a canonical time reads back byte for byte. Anything else is refused,
 * naming `what` it was.
 */
export function instantParameter(value: string, what: string): string {
  const time = ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  const canonical = Number.isNaN(time) ? null : new Date(time).toISOString();
  if (canonical === null || !/^\d{4}-/.test(canonical))
    throw new StoreValueError(
      `${what} ${JSON.stringify(value)} is not an ISO 8601 time such as 2024-01-31T08:00:00.000Z`,
    );
  return canonical;
}

/**
 * A stored removal time (`sources.removed_at`), or null when it cannot be trusted: the store may
 * come from a cache or an edited export, and a time that is no time or lies ahead of the clock must
 * neither purge a source early nor hold it for ever, so it counts as noticed now.
 */
export function trustedRemovalTime(value: unknown, now: Date): string | null {
  if (typeof value !== 'string') return null;
  const time = Date.parse(value);
  if (Number.isNaN(time) || time > now.getTime()) return null;
  return new Date(time).toISOString();
}

/**
 * The removal marks of sources (`sources.removed_at` rows) an export may carry, by source key. A
 * mark that cannot be trusted is left out: it counts as noticed at the next run.
 */
export function trustedRemovalTimes(
  rows: ReadonlyArray<{ key: string; removed_at: unknown }>,
  now: Date,
): Map<string, string> {
  const times = new Map<string, string>();
  for (const row of rows) {
    const time = trustedRemovalTime(row.removed_at, now);
    if (time !== null) times.set(row.key, time);
  }
  return times;
}

/** `instantParameter` for optional times: null stays null. */
export function optionalInstantParameter(value: string | null | undefined, what: string): string | null {
  return value === null || value === undefined ? null : instantParameter(value, what);
}
