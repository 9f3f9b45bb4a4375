import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FeedItem } from '../core/model.js';
import { hasTestPostgres, useTestPostgres, type TestPostgres } from '../test-support/test-postgres.js';
import { POSTGRES_SCHEMA_VERSION } from './pg-migrations.js';
import { openPostgresStore } from './pg-store.js';
import type { Store } from './store.js';
import { identifiedItem } from '../test-support/identified-item.js';

// What only the PostgreSQL store does: schemas and their migrations, several processes at once,
// and the checks at its boundary. What both stores do is in store-contract*.test.ts.

const item = (id: string, content = `<p>${id}</p>`): { identity: string; item: FeedItem } =>
  identifiedItem(id, { content, published: null });

describe.skipIf(!hasTestPostgres)('the PostgreSQL store', () => {
  let database: TestPostgres;
  let sql: pg.Client;
  let schemas = 0;
  const opened: Store[] = [];
  const open = async (schema: string, options: { readonly?: boolean } = {}): Promise<Store> => {
    const store = await openPostgresStore({ url: database.url, schema }, options);
    opened.push(store);
    return store;
  };
  const fresh = (): string => `store_${++schemas}`;
  const count = async (query: string, values: unknown[] = []): Promise<number> =>
    Number((await sql.query<{ n: string }>(query, values)).rows[0]?.n);

  beforeAll(async () => {
    database = await useTestPostgres();
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });
  afterAll(async () => {
    await sql?.end();
    await database?.drop();
  });

  it('migrates an empty schema exactly once when five processes open it at once', async () => {
    const schema = fresh();
    const stores = await Promise.all(Array.from({ length: 5 }, () => open(schema)));
    expect(stores).toHaveLength(5);
    const versions = await sql.query(`SELECT version FROM ${schema}.schema_version ORDER BY version`);
    expect(versions.rows.map((row) => row.version)).toEqual(
      Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, index) => index + 1),
    );
    await stores[0]?.registerSource({ key: 'a', location: '/a', categories: ['a', 'b', 'c'] });
    expect((await stores[4]?.listSources())?.map((source) => source.key)).toEqual(['a']);
  });

  it('refuses a schema written by a newer newsmill, for reading and for writing', async () => {
    const schema = fresh();
    await (await open(schema)).close();
    await sql.query(`INSERT INTO ${schema}.schema_version (version) VALUES ($1)`, [
      POSTGRES_SCHEMA_VERSION + 1,
    ]);
    for (const readonly of [false, true])
      await expect(open(schema, { readonly })).rejects.toMatchObject({
        name: 'StoreUnusableError',
        message: expect.stringMatching(/has schema version \d+, newer than this newsmill's \d+/),
      });
  });

  it('opened read-only, creates no schema, and refuses one that is not migrated yet', async () => {
    const schema = fresh();
    const empty = await open(schema, { readonly: true });
    expect(await empty.listItemHeaders()).toEqual([]);
    expect(await count('SELECT count(*) AS n FROM pg_namespace WHERE nspname = $1', [schema])).toBe(0);
    await sql.query(
      `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.schema_version (version integer PRIMARY KEY)`,
    );
    await expect(open(schema, { readonly: true })).rejects.toMatchObject({
      name: 'StoreUnusableError',
      message: expect.stringMatching(/schema version 0, older than this newsmill's .*run `newsmill run`/),
    });
  });

  it('keeps two processes saving one source at once from losing or doubling an item', async () => {
    const schema = fresh();
    const [one, two] = [await open(schema), await open(schema)] as [Store, Store];
    await one.registerSource({ key: 'src', location: '/a', categories: ['a', 'b', 'c'] });
    const batch = Array.from({ length: 200 }, (_, index) => item(String(index)));
    for (let round = 0; round < 5; round++) {
      const seenAt = new Date(Date.UTC(2025, 0, 1, round)).toISOString();
      // Both see the same feed, one with every tenth item edited.
      const edited = batch.map((entry, index) =>
        index % 10 === 0 ? item(entry.item.id ?? '', `<p>r${round}</p>`) : entry,
      );
      const [a, b] = await Promise.all([
        one.saveItems('src', batch, seenAt),
        two.saveItems('src', edited, seenAt),
      ]);
      const news = [...a, ...b].filter((saved) => saved.status === 'new').length;
      expect(news).toBe(round === 0 ? 200 : 0);
    }
    expect(await count(`SELECT count(*) AS n FROM ${schema}.items`)).toBe(200);
    expect(new Set((await two.listItems('src')).map((stored) => stored.identity)).size).toBe(200);
  });

  it('saves a feed of 200 items in a few statements, not one or more per item', async () => {
    const store = await open(fresh());
    await store.registerSource({ key: 'src', location: '/a', categories: ['a', 'b', 'c'] });
    const feed = Array.from({ length: 200 }, (_, index) => item(String(index)));
    const edited = feed.map((entry, index) =>
      index % 10 === 0 ? item(String(index), '<p>edited</p>') : entry,
    );
    const queries = vi.spyOn(pg.Client.prototype, 'query');
    try {
      for (const [batch, seenAt] of [
        [feed, '2025-01-01T00:00:00.000Z'],
        [edited, '2025-01-02T00:00:00.000Z'],
        [edited, '2025-01-03T00:00:00.000Z'],
      ] as const) {
        queries.mockClear();
        await store.saveItems('src', batch, seenAt);
        // BEGIN, the source lock, two reads, at most four kinds of write and their ids, COMMIT.
        expect(queries.mock.calls.length).toBeGreaterThanOrEqual(5);
        expect(queries.mock.calls.length).toBeLessThanOrEqual(10);
      }
    } finally {
      queries.mockRestore();
    }
    expect(
      (await store.listItems('src')).filter((stored) => stored.content === '<p>edited</p>'),
    ).toHaveLength(20);
  });

  it('refuses times that are not ISO 8601 instants, naming the action and the source', async () => {
    const store = await open(fresh());
    await store.registerSource({ key: 'src', location: '/a', categories: ['a', 'b', 'c'] });
    // PostgreSQL itself would read 'now' as the current time.
    await expect(store.saveItems('src', [item('1')], 'now')).rejects.toThrow(
      /^cannot save items for src in .*: the time the items were seen "now" is not an ISO 8601 time/,
    );
    const record = {
      sourceKey: 'src',
      durationMs: 1,
      status: 200,
      error: null,
      itemsSeen: 0,
      itemsNew: 0,
      itemsUpdated: 0,
    };
    await expect(store.recordFetch({ ...record, startedAt: 'yesterday' })).rejects.toThrow(
      /cannot record fetch for src/,
    );
    expect(await store.listItems('src')).toEqual([]);
  });

  it('keeps 30 days of fetch log per source', async () => {
    const schema = fresh();
    const store = await open(schema);
    await store.registerSource({ key: 'src', location: '/a', categories: ['a', 'b', 'c'] });
    const t0 = Date.parse('2025-01-01T00:00:00.000Z');
    for (let i = 0; i < 360; i++) {
      const startedAt = new Date(t0 + (i * 86_400_000) / 4).toISOString();
      await store.recordFetch({
        sourceKey: 'src',
        startedAt,
        durationMs: 1,
        status: 200,
        error: null,
        itemsSeen: 1,
        itemsNew: 1,
        itemsUpdated: 0,
      });
    }
    expect(await count(`SELECT count(*) AS n FROM ${schema}.fetch_log`)).toBeLessThanOrEqual(4 * 30 + 1);
  });

  it('counts a stored removal time that lies ahead of the clock from now', async () => {
    const schema = fresh();
    const store = await open(schema);
    for (const key of ['a', 'b'])
      await store.registerSource({ key, location: `/${key}`, categories: ['a', 'b', 'c'] });
    const now = '2024-02-05T00:00:00.000Z';
    await sql.query(`UPDATE ${schema}.sources SET removed_at = '2999-01-01T00:00:00Z' WHERE key = 'b'`);
    expect((await store.listRemovedSources(['a'], now))[0]?.removedAt).toBe(now);
    await store.noteRemovedSources(['a'], now);
    expect((await store.listRemovedSources(['a'], now))[0]?.removedAt).toBe(now);
  });

  it('refuses a row it cannot read back, naming the column', async () => {
    const schema = fresh();
    const store = await open(schema);
    await store.registerSource({ key: 'src', location: '/a', categories: ['a', 'b', 'c'] });
    await store.saveItems('src', [item('1')], '2025-01-01T00:00:00.000Z');
    await sql.query(`UPDATE ${schema}.items SET first_seen_at = '12345-01-01T00:00:00Z'`);
    await expect(store.listItems('src')).rejects.toThrow(
      /^cannot list items for src in .*: the store holds the time "12345-01-01 00:00:00\+00", not a UTC instant/,
    );
  });

  it('orders text byte by byte, as SQLite does, in a database whose collation is not C', async () => {
    // A database of its own, sorting as en-US does: lower case before upper, punctuation ignored.
    const name = `newsmill_test_icu_${process.pid}_${Date.now()}`;
    const server = new URL(database.url);
    await sql.query(
      `CREATE DATABASE ${name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'`,
    );
    try {
      server.pathname = `/${name}`;
      const store = await openPostgresStore({ url: server.href, schema: 'newsmill' });
      opened.push(store);
      const keys = ['b-feed', 'B-feed', 'a_feed', 'A.feed'];
      for (const key of keys) {
        await store.registerSource({ key, location: `/${key}`, categories: ['a', 'b', 'c'] });
        await store.saveItems(key, [item('x'), item('X')], '2025-01-01T00:00:00.000Z');
        await store.recordOutputFile('hexo', key, 'id:x', `${key}/x.md`);
        await store.recordOutputFile('hexo', key, 'id:X', `${key}/X.md`);
      }
      const outputs = (await store.exportData()).outputs?.map(
        (output) => `${output.sourceKey} ${output.identity}`,
      );
      expect(outputs).toEqual([...(outputs ?? [])].sort());
      expect(outputs?.[0]).toBe('A.feed id:X');
      // Dates kept as written sort as bytes too: 't' comes after 'T'.
      await store.saveItems(
        'a_feed',
        [
          { identity: 'id:upper', item: { ...item('u').item, published: '2030-01-01T00:00:00.000Z' } },
          { identity: 'id:lower', item: { ...item('l').item, published: '2030-01-01t00:00:00.000Z' } },
        ],
        '2025-01-02T00:00:00.000Z',
      );
      const newest = (await store.listItemHeaders()).slice(0, 2).map((header) => header.identity);
      expect(newest).toEqual(['id:lower', 'id:upper']);
      await store.close();
    } finally {
      await sql.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    for (const schema of ['', 'a b', 'x"; DROP SCHEMA public; --', 'pg_catalog', '1abc'])
      await expect(openPostgresStore({ url: database.url, schema })).rejects.toMatchObject({
        name: 'PostgresTargetError',
      });
  });
});
