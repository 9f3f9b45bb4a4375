import { instantParameter } from './store-values.js';

/**
 * Reads an instant a caller passed to the SQLite store (see the time rule in store.ts) with the
 * PostgreSQL store's rule, so both accept and refuse the same values with the same
 * StoreValueError: a bad `now` must not become a cutoff in a query that deletes items.
 */
export function parseStoreInstant(value: string, what: string): Date {
  return new Date(instantParameter(value, what));
}
