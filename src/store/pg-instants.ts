import { StoreValueError } from './store-values.js';

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
