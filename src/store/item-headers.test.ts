import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedItem } from '../core/model.js';
import { HEADER_QUERY } from './sqlite-item-headers.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

const item = (id: string, published: string | null, content: string): FeedItem => ({
  id,
  title: `Title ${id}`,
  link: `https://a.cn/${id}`,
  published,
  updated: null,
  author: 'someone',
  summary: `summary ${id}`,
  content,
  categories: ['a'],
  enclosures: [{ url: 'https://a.cn/a.mp3', type: 'audio/mpeg', length: 3 }],
  image: 'https://a.cn/i.jpg',
  baseUrl: null,
});

let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

async function filledStore(): Promise<Store> {
  store = openSqliteStore(':memory:');
  await store.registerSource({ key: 'one', location: '/one.xml', categories: ['a'] });
  await store.registerSource({ key: 'two', location: '/two.xml', categories: ['b'] });
  await store.saveItems(
    'one',
    [
      { identity: 'id:1', item: item('1', '2021-01-01T00:00:00.000Z', '<p>first</p>') },
      { identity: 'id:2', item: item('2', null, '<p>second</p>') },
    ],
    '2021-06-01T00:00:00.000Z',
  );
  await store.saveItems(
    'two',
    [{ identity: 'id:3', item: item('3', '2021-03-01T00:00:00.000Z', '<p>third</p>') }],
    '2021-06-02T00:00:00.000Z',
  );
  return store;
}

describe('item headers', () => {
  it('lists every item in listAllItems order with the fields a site build reads', async () => {
    const store = await filledStore();
    const all = await store.listAllItems();
    const headers = await store.listItemHeaders();
    expect(headers).toEqual(
      all.map((item) => ({
        sourceKey: item.sourceKey,
        identity: item.identity,
        title: item.title,
        link: item.link,
        published: item.published,
        updated: item.updated,
        firstSeenAt: item.firstSeenAt,
        changedAt: item.changedAt,
      })),
    );
    expect(headers.map((header) => header.identity)).toEqual(['id:2', 'id:3', 'id:1']);
  });

  it('reads full items by reference, in order, with null for unknown ones', async () => {
    const store = await filledStore();
    const items = await store.getItems([
      { sourceKey: 'two', identity: 'id:3' },
      { sourceKey: 'one', identity: 'id:9' },
      { sourceKey: 'nowhere', identity: 'id:1' },
      { sourceKey: 'one', identity: 'id:1' },
    ]);
    const all = await store.listAllItems();
    expect(items).toEqual([
      all.find((stored) => stored.identity === 'id:3'),
      null,
      null,
      all.find((stored) => stored.identity === 'id:1'),
    ]);
    expect(items[3]?.content).toBe('<p>first</p>');
    expect(await store.getItems([])).toEqual([]);
    // Many references, repeats among them, span several statements and keep their order.
    const refs = Array.from({ length: 300 }, () => [
      { sourceKey: 'two', identity: 'id:3' },
      { sourceKey: 'one', identity: 'id:9' },
      { sourceKey: 'one', identity: 'id:1' },
    ]).flat();
    const many = await store.getItems(refs);
    expect(many).toHaveLength(900);
    expect(many.slice(600, 603)).toEqual([items[0], null, items[3]]);
    expect(many.filter((item) => item === null)).toHaveLength(300);
  });

  it('reads headers from the covering index, never from the table rows that hold the bodies', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-headers-'));
    try {
      const file = path.join(dir, 'store.db');
      await openSqliteStore(file).close();
      const db = new Database(file, { readonly: true });
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${HEADER_QUERY}`).all() as Array<{ detail: string }>;
      db.close();
      expect(plan.map((step) => step.detail)).toEqual([
        'SCAN items USING COVERING INDEX items_headers_by_date',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
