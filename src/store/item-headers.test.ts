import { afterEach, describe, expect, it } from 'vitest';
import type { FeedItem } from '../core/model.js';
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
  it('lists every item in listAllItems order with every field but the bodies', async () => {
    const store = await filledStore();
    const all = await store.listAllItems();
    const headers = await store.listItemHeaders();
    expect(headers).toEqual(all.map(({ content: _content, summary: _summary, ...header }) => header));
    expect(headers.map((header) => header.identity)).toEqual(['id:2', 'id:3', 'id:1']);
    expect(headers[0]).not.toHaveProperty('content');
    expect(headers[0]).not.toHaveProperty('summary');
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
  });
});
