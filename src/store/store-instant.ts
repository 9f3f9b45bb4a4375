import { InternalError } from '../core/errors.js';

// Date#toISOString's form, or one read as the same instant (no fraction, an offset); a four-digit
// year keeps every value inside what toISOString prints back. The PostgreSQL store takes the same.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads an instant a caller passed to the store (see the time rule in store.ts). Anything else is
 * newsmill's own bug, not bad data: it is refused here, before it can become a cutoff in a query
 * that deletes items.
 */
export function parseStoreInstant(value: string, what: string): Date {
  const time = ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time) || !/^\d{4}-/.test(new Date(time).toISOString())) {
    throw new InternalError(`${what}: expected an ISO 8601 UTC instant such as 2026-01-02T03:04:05.678Z`);
  }
  return new Date(time);
}
