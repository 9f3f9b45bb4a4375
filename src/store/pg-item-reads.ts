import type pg from 'pg';
import { instantParameter, StoreValueError } from './store-values.js';
import { rowToStoredItem } from './item-rows.js';
import { checkedItemRow, itemColumnList } from './pg-item-rows.js';
import { instantFromPostgres } from './pg-instants.js';
import type { ItemHeader, ItemRef, ItemsMark, StoredItem } from './store.js';

/** A pool or one connection: reads run on either. */
type Queryable = pg.Pool | pg.PoolClient;

// Newest first by SQLite's COALESCE(published, first_seen_at), ties in the order stored.
const SITE_ORDER = 'ORDER BY i.sort_date DESC, i.id ASC';

/**
 * Up to `limit` of the source's items whose cleaning was made under another key than `key`: those
 * outside `key` … `key/`, where `key` and `key.<seal>` sort in byte order (items_clean_key).
 */
export async function listStaleCleanings(
  db: Queryable,
  sourceKey: string,
  key: string,
  limit: number,
): Promise<StoredItem[]> {
  const result = await db.query<Record<string, unknown>>(
    `SELECT ${itemColumnList('i')} FROM items i JOIN sources s ON s.id = i.source_id
     WHERE s.key = $1 AND (i.clean_key COLLATE "C" < $2 OR i.clean_key COLLATE "C" >= $3)
     LIMIT $4`,
    [sourceKey, key, `${key}/`, limit],
  );
  return result.rows.map((row) => rowToStoredItem(checkedItemRow(row), sourceKey));
}

/** Every stored item of a source, newest first. */
export async function listSourceItems(db: Queryable, sourceKey: string): Promise<StoredItem[]> {
  const result = await db.query<Record<string, unknown>>(
    `SELECT ${itemColumnList('i')} FROM items i JOIN sources s ON s.id = i.source_id
     WHERE s.key = $1 ${SITE_ORDER}`,
    [sourceKey],
  );
  return result.rows.map((row) => rowToStoredItem(checkedItemRow(row), sourceKey));
}

/** Every stored item of every source, newest first, or in the order first saved (for an export). */
export async function listEveryItem(
  db: Queryable,
  order: 'newest' | 'saved' = 'newest',
): Promise<StoredItem[]> {
  const result = await db.query<Record<string, unknown>>(
    `SELECT s.key AS source_key, ${itemColumnList('i')} FROM items i JOIN sources s ON s.id = i.source_id
     ${order === 'saved' ? 'ORDER BY i.id' : SITE_ORDER}`,
  );
  return result.rows.map((row) => rowToStoredItem(checkedItemRow(row), row.source_key as string));
}

/** The header columns, in the order the array rows of `listHeaders` hold them. */
type HeaderRow = [
  sourceKey: unknown,
  identity: unknown,
  title: unknown,
  link: unknown,
  published: unknown,
  updated: unknown,
  firstSeenAt: unknown,
  changedAt: unknown,
  sequence: unknown,
];

const text = (value: unknown, column: string): string => {
  if (typeof value !== 'string')
    throw new StoreValueError(`the store holds a bad ${column}: ${JSON.stringify(value)}`);
  return value;
};
const nullableText = (value: unknown, column: string): string | null =>
  value === null ? null : text(value, column);

/** Every item without its body, in `listEveryItem`'s order. */
export async function listHeaders(db: Queryable, changedAfter?: string): Promise<ItemHeader[]> {
  // Array rows: 20,000 headers as objects would repeat every column name 20,000 times.
  const result = await db.query<HeaderRow>({
    text: `SELECT s.key, i.identity, i.title, i.link, i.published, i.updated, i.first_seen_at, i.changed_at, i.id
           FROM items i JOIN sources s ON s.id = i.source_id
           ${changedAfter === undefined ? '' : 'WHERE i.changed_at > $1::timestamptz'} ${SITE_ORDER}`,
    values: changedAfter === undefined ? [] : [instantParameter(changedAfter, 'the changed-after time')],
    rowMode: 'array',
  });
  return result.rows.map((row) => ({
    sourceKey: text(row[0], 'source key'),
    identity: text(row[1], 'identity'),
    title: nullableText(row[2], 'title'),
    link: nullableText(row[3], 'link'),
    published: nullableText(row[4], 'published'),
    updated: nullableText(row[5], 'updated'),
    firstSeenAt: text(row[6], 'first_seen_at'),
    changedAt: text(row[7], 'changed_at'),
    // bigserial arrives as text; ids stay far below 2^53.
    sequence: Number(row[8]),
  }));
}

/** The summary of every item that any change to the items changes (`ItemsMark`). */
export async function readItemsMark(db: Queryable, upTo?: string): Promise<ItemsMark> {
  const result = await db.query<[unknown, unknown, unknown]>({
    text: `SELECT count(*)::integer,
             coalesce(sum(round(extract(epoch FROM changed_at) * 1000)::bigint), 0)::text, max(changed_at)::text
           FROM items ${upTo === undefined ? '' : 'WHERE changed_at <= $1::timestamptz'}`,
    values: upTo === undefined ? [] : [instantParameter(upTo, 'the mark’s upper time')],
    rowMode: 'array',
  });
  const [count, changes, latest] = result.rows[0] ?? [0, '0', null];
  return {
    count: Number(count),
    changes: text(changes, 'changed_at'),
    latest: latest === null ? null : instantFromPostgres(text(latest, 'changed_at')),
  };
}

/**
 * The items `refs` name, in order, from one statement (one snapshot); null where one is gone.
 * Without `bodies`, their content and summary read as null.
 */
export async function readItems(
  db: Queryable,
  refs: readonly ItemRef[],
  bodies: boolean,
): Promise<Array<StoredItem | null>> {
  const items: Array<StoredItem | null> = refs.map(() => null);
  if (refs.length === 0) return items;
  const result = await db.query<Record<string, unknown>>(
    `SELECT w.place, ${itemColumnList('i', bodies)}
     FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS w(source_key, identity, place)
     JOIN sources s ON s.key = w.source_key
     JOIN items i ON i.source_id = s.id AND i.identity = w.identity`,
    [refs.map((ref) => ref.sourceKey), refs.map((ref) => ref.identity)],
  );
  for (const row of result.rows) {
    const place = (row.place as number) - 1;
    const ref = refs[place];
    if (ref === undefined)
      throw new StoreValueError(`the store answered for a reference it was not asked for`);
    items[place] = rowToStoredItem(checkedItemRow(row), ref.sourceKey);
  }
  return items;
}
