import type Database from 'better-sqlite3';
import { CLEANING_COLUMNS, ITEM_COLUMNS, rowToStoredItem, type ItemRow } from './item-rows.js';
import type { ItemHeader, ItemRef, ItemsMark, ItemWithoutBodies, StoredItem } from './store.js';
import { StoreValueError } from './store-values.js';

/** Reads items without their bodies, and full items by reference, for callers that need few bodies. */
export interface ItemHeaderReader {
  /**
   * Every item without `content` and `summary`, newest first (the order of `listAllItems`); with
   * `changedAfter`, only those whose `changedAt` is later.
   */
  listHeaders(changedAfter?: string): ItemHeader[];
  /** The items `refs` name, in order, from one snapshot; null where one is gone. */
  getItems(refs: readonly ItemRef[]): Array<StoredItem | null>;
  /** Like `getItems`, without the bodies: what a stored cleaning needs, at half the text to decode. */
  getItemsWithoutBodies(refs: readonly ItemRef[]): Array<ItemWithoutBodies | null>;
  /** The summary any change to the items changes (`ItemsMark`), of those changed no later than `upTo`. */
  mark(upTo?: string): ItemsMark;
  /** `ItemStore.listStaleCleanings`. */
  listStaleCleanings(sourceKey: string, key: string, limit: number): StoredItem[];
}

// Sums as text: 20,000 changedAt instants in milliseconds pass 2^53, not SQLite's 2^63.
const MARK_QUERY = `SELECT count(*),
  CAST(coalesce(sum(CAST(round(unixepoch(changed_at, 'subsec') * 1000) AS INTEGER)), 0) AS TEXT),
  max(changed_at) FROM items`;
// Times compare as milliseconds: stored text need not share one ISO 8601 form.
const CHANGED_MS = `CAST(round(unixepoch(changed_at, 'subsec') * 1000) AS INTEGER)`;

/** The header columns, in the order `listHeaders` reads them as raw arrays. */
type HeaderRow = [
  sourceId: number,
  identity: string,
  title: string | null,
  link: string | null,
  published: string | null,
  updated: string | null,
  firstSeenAt: string,
  changedAt: string,
  sequence: number,
];

/** Headers newest first; the ORDER BY matches the covering index items_headers_by_date. */
export const HEADER_QUERY = `SELECT source_id, identity, title, link, published, updated, first_seen_at, changed_at, id
  FROM items ORDER BY COALESCE(published, first_seen_at) DESC, id ASC`;
// The changed items are found through an index holding changed_at (items_publish_state), and only
// they are read: filtering the headers' own index read every header (35 ms at 20,000 items).
const CHANGED_HEADER_QUERY = HEADER_QUERY.replace(
  ' ORDER BY',
  ` WHERE id IN (SELECT id FROM items WHERE ${CHANGED_MS} > ?) ORDER BY`,
);

/** The columns of `ItemRow`, in the order a batch read returns them after the wanted position. */
const READ_COLUMNS = [...ITEM_COLUMNS, ...CLEANING_COLUMNS];
const BODY_COLUMNS: ReadonlySet<string> = new Set(['content', 'summary']);
// The long text columns are read as bytes, which `rowToStoredItem` decodes (`storedText`):
// better-sqlite3 makes strings with V8's UTF-8 decoder, which took 72–108 ms for the cleaned HTML
// and text of 1,000 Chinese articles where bytes and `toString` took 30–40 ms. Only in a UTF-8
// database, whose bytes these are.
const LONG_TEXT_COLUMNS: ReadonlySet<string> = new Set(['content', 'summary', 'clean_html', 'clean_text']);

// Items per statement. One statement per item cost a site build's worker 0.36 s for 20,000
// articles, and one per 250 about 0.26 s, most of which is decoding the text.
const READ_BATCH = 250;

/** Prepares the header queries on an open, migrated database. */
export function createItemHeaderReader(db: Database.Database): ItemHeaderReader {
  const headers = db.prepare<[], HeaderRow>(HEADER_QUERY).raw(true);
  const sourceKeys = db.prepare<[], [number, string]>('SELECT id, key FROM sources').raw(true);
  const changedHeaders = db.prepare<[number], HeaderRow>(CHANGED_HEADER_QUERY).raw(true);
  const mark = db.prepare<[], [number, string, string | null]>(MARK_QUERY).raw(true);
  const markUpTo = db
    .prepare<[number], [number, string, string | null]>(`${MARK_QUERY} WHERE ${CHANGED_MS} <= ?`)
    .raw(true);
  const sourceId = db.prepare<[string], { id: number }>('SELECT id FROM sources WHERE key = ?');
  // A key's own cleanings are `key` and `key.<seal>`, which sort from `key` up to `key/`: the rest
  // lie on either side, found through items_clean_key (NULL compares as neither).
  const staleCleanings = db.prepare<[{ source: number; key: string; after: string; limit: number }], ItemRow>(
    `SELECT * FROM (SELECT * FROM items WHERE source_id = @source AND clean_key < @key LIMIT @limit)
     UNION ALL SELECT * FROM (SELECT * FROM items WHERE source_id = @source AND clean_key >= @after LIMIT @limit)`,
  );
  // Batch size and bodies → the statement that reads that many items, each row led by its place in
  // the batch; without bodies, content and summary read as null.
  const batches = new Map<string, Database.Statement<unknown[], unknown[]>>();
  const asBytes = db.pragma('encoding', { simple: true }) === 'UTF-8';
  const batchStatement = (size: number, bodies: boolean): Database.Statement<unknown[], unknown[]> => {
    let statement = batches.get(`${size}:${bodies}`);
    if (!statement) {
      const wanted = Array.from({ length: size }, (_, index) => `(${index}, ?, ?)`).join(', ');
      const columns = READ_COLUMNS.map((column) => {
        if (!bodies && BODY_COLUMNS.has(column)) return 'NULL';
        return asBytes && LONG_TEXT_COLUMNS.has(column) ? `CAST(items.${column} AS BLOB)` : `items.${column}`;
      });
      statement = db
        .prepare<unknown[], unknown[]>(
          `WITH wanted(place, source_id, identity) AS (VALUES ${wanted})
           SELECT wanted.place, ${columns.join(', ')}
           FROM wanted JOIN items ON items.source_id = wanted.source_id AND items.identity = wanted.identity`,
        )
        .raw(true);
      batches.set(`${size}:${bodies}`, statement);
    }
    return statement;
  };
  // One read transaction, so a batch comes from one snapshot even while a fetch writes.
  const readItems = db.transaction((refs: readonly ItemRef[], bodies: boolean) => {
    const ids = new Map<string, number | undefined>();
    const items: Array<StoredItem | null> = refs.map(() => null);
    for (let start = 0; start < refs.length; start += READ_BATCH) {
      const parameters: unknown[] = [];
      const places: number[] = [];
      for (let place = start; place < Math.min(refs.length, start + READ_BATCH); place++) {
        const { sourceKey, identity } = refs[place] as ItemRef;
        if (!ids.has(sourceKey)) ids.set(sourceKey, sourceId.get(sourceKey)?.id);
        const id = ids.get(sourceKey);
        if (id === undefined) continue;
        parameters.push(id, identity);
        places.push(place);
      }
      if (places.length === 0) continue;
      for (const row of batchStatement(places.length, bodies).all(...parameters)) {
        const place = places[row[0] as number] as number;
        items[place] = rowToStoredItem(itemRowOf(row), (refs[place] as ItemRef).sourceKey);
      }
    }
    return items;
  });
  return {
    listHeaders(changedAfter) {
      const keys = new Map(sourceKeys.all());
      const rows =
        changedAfter === undefined ? headers.all() : changedHeaders.all(millisecondsOf(changedAfter));
      return rows.map((row) => ({
        sourceKey: keys.get(row[0]) ?? '',
        identity: row[1],
        title: row[2],
        link: row[3],
        published: row[4],
        updated: row[5],
        firstSeenAt: row[6],
        changedAt: row[7],
        sequence: row[8],
      }));
    },
    getItems: (refs) => readItems(refs, true),
    getItemsWithoutBodies: (refs) => readItems(refs, false),
    listStaleCleanings(sourceKey, key, limit) {
      const id = sourceId.get(sourceKey)?.id;
      if (id === undefined) return [];
      const rows = staleCleanings.all({ source: id, key, after: `${key}/`, limit }).slice(0, limit);
      return rows.map((row) => rowToStoredItem(row, sourceKey));
    },
    mark(upTo) {
      const row = upTo === undefined ? mark.get() : markUpTo.get(millisecondsOf(upTo));
      const [count, changes, latest] = row ?? [0, '0', null];
      return { count, changes, latest };
    },
  };
}

function millisecondsOf(instant: string): number {
  const time = Date.parse(instant);
  if (Number.isNaN(time)) throw new StoreValueError(`${JSON.stringify(instant)} is not an ISO 8601 time`);
  return time;
}

/** A batch read's row (its place first, then `READ_COLUMNS`) as an `ItemRow`. */
function itemRowOf(row: unknown[]): ItemRow {
  const text = (index: number): string => row[index] as string;
  const nullable = (index: number): string | null => row[index] as string | null;
  return {
    identity: text(1),
    guid: nullable(2),
    title: nullable(3),
    link: nullable(4),
    published: nullable(5),
    updated: nullable(6),
    author: nullable(7),
    summary: nullable(8),
    content: nullable(9),
    categories: text(10),
    enclosures: text(11),
    image: nullable(12),
    base_url: nullable(13),
    content_hash: text(14),
    first_seen_at: text(15),
    last_seen_at: text(16),
    changed_at: text(17),
    clean_html: nullable(18),
    clean_cover: nullable(19),
    clean_text: nullable(20),
    clean_key: nullable(21),
    cleaned_from: nullable(22),
  };
}
