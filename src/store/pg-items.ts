import type pg from 'pg';
import { StoreError } from '../core/errors.js';
import type { FeedItem } from '../core/model.js';
import type { ItemRow } from './item-rows.js';
import { ITEM_COLUMNS } from './item-rows.js';
import { INSTANT_COLUMNS, checkedItemRow, itemColumnList, sortDateOf } from './pg-item-rows.js';
import { instantParameter } from './store-values.js';
import { planSave } from './pg-save-plan.js';
import type { SavedItem } from './store.js';

// Everything a row write sets, as one array parameter per column (unnest), so that a batch of
// any size is one statement.
const WRITE_COLUMNS = [...ITEM_COLUMNS, 'sort_date'] as const;
const typeOf = (column: string): string => (INSTANT_COLUMNS.has(column) ? 'timestamptz' : 'text');
const arrays = (first: number): string =>
  WRITE_COLUMNS.map((column, index) => `$${first + index}::${typeOf(column)}[]`).join(', ');

const INSERT = `INSERT INTO items (id, source_id, ${WRITE_COLUMNS.join(', ')})
  SELECT u.id, u.source_id, ${WRITE_COLUMNS.map((column) => `u.${column}`).join(', ')}
  FROM unnest($1::bigint[], $2::bigint[], ${arrays(3)}) AS u(id, source_id, ${WRITE_COLUMNS.join(', ')})`;

const UPDATE = `UPDATE items SET ${WRITE_COLUMNS.filter((column) => column !== 'identity')
  .map((column) => `${column} = u.${column}`)
  .join(', ')}
  FROM unnest(${arrays(2)}) AS u(${WRITE_COLUMNS.join(', ')})
  WHERE items.source_id = $1 AND items.identity = u.identity`;

/** One array per written column, in `WRITE_COLUMNS` order. */
function columnArrays(rows: readonly ItemRow[]): unknown[][] {
  return WRITE_COLUMNS.map((column) =>
    rows.map((row) => (column === 'sort_date' ? sortDateOf(row) : row[column])),
  );
}

/**
 * Inserts rows (of the sources `sourceIds` names, row by row) in one statement. Their ids are taken
 * first, in order, so that the rows' order is the ids' order: items with the same date list in the
 * order they were stored, as in SQLite.
 */
export async function insertItemRows(
  client: pg.PoolClient,
  sourceIds: readonly number[],
  rows: readonly ItemRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const result = await client.query<{ id: number }>(
    `SELECT nextval(pg_get_serial_sequence('items', 'id')) AS id FROM generate_series(1, $1::integer)`,
    [rows.length],
  );
  const ids = result.rows.map((row) => row.id).sort((a, b) => a - b);
  await client.query(INSERT, [ids, [...sourceIds], ...columnArrays(rows)]);
}

/**
 * Saves a fetch's items inside the caller's transaction. The source's row is locked first, so two
 * processes saving one source take turns and the second decides from what the first stored; then
 * one query reads (and locks) the stored rows of the batch, the decisions are made in memory as
 * SQLite's store makes them, and each kind of write is one statement.
 */
export async function saveItemBatch(
  client: pg.PoolClient,
  sourceKey: string,
  items: ReadonlyArray<{ identity: string; item: FeedItem }>,
  seenAt: string,
  where: string,
): Promise<SavedItem[]> {
  const source = await client.query<{ id: number }>(
    'SELECT id FROM sources WHERE key = $1 FOR NO KEY UPDATE',
    [sourceKey],
  );
  const sourceId = source.rows[0]?.id;
  if (sourceId === undefined) throw new StoreError(`source ${sourceKey} is not registered in ${where}`);
  if (items.length === 0) return [];
  const identities = [...new Set(items.map((entry) => entry.identity))];
  const expired = await client.query<{ identity: string }>(
    'SELECT identity FROM expired_items WHERE source_id = $1 AND identity = ANY($2::text[])',
    [sourceId, identities],
  );
  const stored = await client.query<Record<string, unknown>>(
    `SELECT ${itemColumnList('items')} FROM items
     WHERE source_id = $1 AND identity = ANY($2::text[]) FOR UPDATE`,
    [sourceId, identities],
  );
  const rows = new Map(stored.rows.map((row) => [row.identity as string, checkedItemRow(row)]));
  const plan = planSave(sourceKey, items, seenAt, rows, new Set(expired.rows.map((row) => row.identity)));
  if (plan.expiredTouches.length > 0)
    await client.query(
      'UPDATE expired_items SET last_seen_at = $3 WHERE source_id = $1 AND identity = ANY($2::text[])',
      [sourceId, plan.expiredTouches, seenAt],
    );
  if (plan.touches.length > 0)
    await client.query(
      'UPDATE items SET last_seen_at = $3 WHERE source_id = $1 AND identity = ANY($2::text[])',
      [sourceId, plan.touches, seenAt],
    );
  if (plan.updates.length > 0) await client.query(UPDATE, [sourceId, ...columnArrays(plan.updates)]);
  await insertItemRows(
    client,
    plan.inserts.map(() => sourceId),
    plan.inserts,
  );
  return plan.results;
}

/** An item's article as ingest cleaned it, to store while the item is still the one cleaned. */
export interface Cleaning {
  identity: string;
  html: string;
  cover: string;
  key: string;
  /** The item's `changedAt` the cleaning was made from. */
  from: string;
}

/**
 * Stores the cleanings of a source's items in one statement, each only where the item's
 * changed_at still equals its `from`: a cleaning of older content never lands on newer content
 * saved meanwhile by another process.
 */
export async function saveCleanings(
  pool: pg.Pool,
  sourceKey: string,
  cleanings: readonly Cleaning[],
  where: string,
): Promise<void> {
  const from = cleanings.map((cleaning) =>
    instantParameter(cleaning.from, `the cleaning time of ${cleaning.identity}`),
  );
  const source = await pool.query<{ id: number }>('SELECT id FROM sources WHERE key = $1', [sourceKey]);
  const sourceId = source.rows[0]?.id;
  if (sourceId === undefined) throw new StoreError(`source ${sourceKey} is not registered in ${where}`);
  if (cleanings.length === 0) return;
  await pool.query(
    `UPDATE items SET clean_html = u.html, clean_cover = u.cover, clean_key = u.key, cleaned_from = u.cleaned_from
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
       AS u(identity, html, cover, key, cleaned_from)
     WHERE items.source_id = $1 AND items.identity = u.identity AND items.changed_at = u.cleaned_from`,
    [
      sourceId,
      cleanings.map((cleaning) => cleaning.identity),
      cleanings.map((cleaning) => cleaning.html),
      cleanings.map((cleaning) => cleaning.cover),
      cleanings.map((cleaning) => cleaning.key),
      from,
    ],
  );
}
