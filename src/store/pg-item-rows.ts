import { StoreValueError } from './store-values.js';
import { CLEANING_COLUMNS, ITEM_COLUMNS, type ItemRow } from './item-rows.js';

/** The columns of `ITEM_COLUMNS` that are instants (`timestamptz`); the rest are text. */
export const INSTANT_COLUMNS: ReadonlySet<string> = new Set(['first_seen_at', 'last_seen_at', 'changed_at']);

/**
 * The columns an item is read with, for a SELECT list, each prefixed with `alias`; without
 * `bodies`, content and summary are null.
 */
export function itemColumnList(alias: string, bodies = true): string {
  return [...ITEM_COLUMNS, ...CLEANING_COLUMNS]
    .map((column) =>
      bodies || (column !== 'content' && column !== 'summary') ? `${alias}.${column}` : `NULL AS ${column}`,
    )
    .join(', ');
}

// Columns every row has; the others may be null.
const REQUIRED = new Set<string>([
  'identity',
  'categories',
  'enclosures',
  'content_hash',
  'first_seen_at',
  'last_seen_at',
  'changed_at',
]);

/**
 * An item row as read back, checked: the store is shared and may have been written by other
 * tools, so a column of the wrong type is refused here, naming it, rather than misread later.
 */
export function checkedItemRow(row: Record<string, unknown>): ItemRow {
  for (const column of [...ITEM_COLUMNS, ...CLEANING_COLUMNS]) {
    const value = row[column];
    if (typeof value === 'string' || (value === null && !REQUIRED.has(column))) continue;
    const identity = typeof row.identity === 'string' ? ` of item ${JSON.stringify(row.identity)}` : '';
    throw new StoreValueError(`the store holds a bad ${column}${identity}: ${JSON.stringify(value)}`);
  }
  return row as unknown as ItemRow;
}

/** The text SQLite orders items by, `COALESCE(published, first_seen_at)`, kept in `sort_date`. */
export function sortDateOf(row: Pick<ItemRow, 'published' | 'first_seen_at'>): string {
  return row.published ?? row.first_seen_at;
}
