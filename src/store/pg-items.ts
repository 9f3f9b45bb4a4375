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

// The ids are taken first and handed out in ascending order along the batch, so that the rows'
// order is the ids' order: items with the same date list in the order they were stored, as in SQLite.
const INSERT = `WITH ids AS (
    SELECT id, row_number() OVER (ORDER BY id) AS position
    FROM (SELECT nextval(pg_get_serial_sequence('items', 'id')) AS id
          FROM generate_series(1, cardinality($1::bigint[]))) AS taken),
  u AS (SELECT * FROM unnest($1::bigint[], ${arrays(2)}) WITH ORDINALITY
          AS u(source_id, ${WRITE_COLUMNS.join(', ')}, position))
  INSERT INTO items (id, source_id, ${WRITE_COLUMNS.join(', ')})
  SELECT ids.id, u.source_id, ${WRITE_COLUMNS.map((column) => `u.${column}`).join(', ')}
  FROM u JOIN ids USING (position)`;

const UPDATE = `UPDATE items SET ${WRITE_COLUMNS.filter((column) => column !== 'identity')
  .map((column) => `${column} = u.${column}`)
  .join(', ')}
  FROM unnest(${arrays(2)}) AS u(${WRITE_COLUMNS.join(', ')})
  WHERE items.source_id = $1 AND items.identity = u.identity`;

/**
 * The stored rows of a batch's identities, locked, each carrying the batch's identities that
 * retention expired: one round trip instead of two. The aggregate always gives one row, so the
 * expired list comes back (on a row whose item columns are null) when nothing is stored yet.
 */
const READ_BATCH = `WITH locked AS (
    SELECT ${itemColumnList('items')} FROM items
    WHERE source_id = $1 AND identity = ANY($2::text[]) FOR UPDATE),
  expired AS (
    SELECT array_agg(identity) AS expired FROM expired_items
    WHERE source_id = $1 AND identity = ANY($2::text[]))
  SELECT locked.*, expired.expired FROM expired LEFT JOIN locked ON true`;

/** One array per written column, in `WRITE_COLUMNS` order. */
function columnArrays(rows: readonly ItemRow[]): unknown[][] {
  return WRITE_COLUMNS.map((column) =>
    rows.map((row) => (column === 'sort_date' ? sortDateOf(row) : row[column])),
  );
}

/** Inserts rows (of the sources `sourceIds` names, row by row) in one statement (see INSERT). */
export async function insertItemRows(
  client: pg.PoolClient,
  sourceIds: readonly number[],
  rows: readonly ItemRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await client.query({
    name: 'newsmill-insert-items',
    text: INSERT,
    values: [[...sourceIds], ...columnArrays(rows)],
  });
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
  const source = await client.query<{ id: number }>({
    name: 'newsmill-lock-source',
    text: 'SELECT id FROM sources WHERE key = $1 FOR NO KEY UPDATE',
    values: [sourceKey],
  });
  const sourceId = source.rows[0]?.id;
  if (sourceId === undefined) throw new StoreError(`source ${sourceKey} is not registered in ${where}`);
  if (items.length === 0) return [];
  const identities = [...new Set(items.map((entry) => entry.identity))];
  const stored = await client.query<Record<string, unknown>>({
    name: 'newsmill-read-batch',
    text: READ_BATCH,
    values: [sourceId, identities],
  });
  const expired = new Set((stored.rows[0]?.expired as string[] | null | undefined) ?? []);
  const rows = new Map(
    stored.rows
      .filter((row) => row.identity !== null)
      .map(({ expired: _expired, ...row }) => [row.identity as string, checkedItemRow(row)]),
  );
  const plan = planSave(sourceKey, items, seenAt, rows, expired);
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
  text: string;
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
  const result = await pool.query<{ id: number }>({
    name: 'newsmill-save-cleanings',
    text: `WITH source AS (SELECT id FROM sources WHERE key = $1),
      cleaned AS (
        UPDATE items SET clean_html = u.html, clean_cover = u.cover, clean_text = u.text, clean_key = u.key,
          cleaned_from = u.cleaned_from
        FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
          AS u(identity, html, cover, text, key, cleaned_from)
        WHERE items.source_id = (SELECT id FROM source) AND items.identity = u.identity
          AND items.changed_at = u.cleaned_from)
      SELECT id FROM source`,
    values: [
      sourceKey,
      cleanings.map((cleaning) => cleaning.identity),
      cleanings.map((cleaning) => cleaning.html),
      cleanings.map((cleaning) => cleaning.cover),
      cleanings.map((cleaning) => cleaning.text),
      cleanings.map((cleaning) => cleaning.key),
      from,
    ],
  });
  if (result.rows.length === 0) throw new StoreError(`source ${sourceKey} is not registered in ${where}`);
}
