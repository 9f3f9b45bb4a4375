import { StoreError } from '../core/errors.js';

/**
 * A value handed to the PostgreSQL store, or read back from it, is not one it can keep or use: a
 * time that is no ISO 8601 instant, a row column of the wrong type.
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

/** `instantParameter` for optional times: null stays null. */
export function optionalInstantParameter(value: string | null | undefined, what: string): string | null {
  return value === null || value === undefined ? null : instantParameter(value, what);
}

// How a session with TimeZone UTC and DateStyle ISO (set on every connection) prints a timestamptz.
const PG_INSTANT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?\+00$/;

/**
 * Reads a `timestamptz` as PostgreSQL prints it back into `Date#toISOString`'s form. The store is
 * not trusted: a value in another form (a session with other settings, a year past 9999, BC) is
 * refused rather than misread.
 */
export function instantFromPostgres(text: string): string {
  const match = PG_INSTANT.exec(text);
  if (!match)
    throw new StoreValueError(`the store holds the time ${JSON.stringify(text)}, not a UTC instant`);
  const [, year, month, day, hour, minute, second, fraction = ''] = match;
  // PostgreSQL prints only valid dates, so the parts make toISOString's form as they are.
  // Microseconds are cut to milliseconds as Date holds them; newsmill itself writes milliseconds.
  return `${year}-${month}-${day}T${hour}:${minute}:${second}.${fraction.padEnd(3, '0').slice(0, 3)}Z`;
}
