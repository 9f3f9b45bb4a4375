import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../core/model.js';
import { openSqliteStore } from './sqlite-store.js';
import type { ExpiredItem, RetentionPolicy, Store, StoreExport } from './store.js';

const item = (id: string, published: string | null): { identity: string; item: FeedItem } => ({
  identity: `id:${id}`,
  item: {
    id,
    title: `t${id}`,
    link: `https://a.cn/${id}`,
    published,
    updated: null,
    author: null,
    summary: null,
    content: `<p>${id}</p>`,
    categories: ['x'],
    enclosures: [],
    image: null,
    baseUrl: null,
  },
});

async function expire(store: Store, policy: RetentionPolicy, now: string): Promise<ExpiredItem[]> {
  const found = await store.findExpiredItems(policy, now);
  await store.removeExpiredItems(found, now);
  return found;
}

async function seeded() {
  const store = openSqliteStore(':memory:');
  await store.registerSource({ key: 'a', location: '/a.xml', categories: ['a', 'b', 'c'] });
  await store.registerSource({ key: 'b', location: '/b.xml', categories: ['a', 'b', 'd'] });
  await store.saveItems(
    'a',
    [item('1', '2024-01-01T00:00:00Z'), item('2', '2024-01-05T00:00:00Z'), item('3', '2024-01-09T00:00:00Z')],
    '2024-01-10T00:00:00Z',
  );
  await store.saveItems('b', [item('4', null)], '2024-01-02T00:00:00Z');
  await store.recordOutputFile('hexo', 'a', 'id:1', 'a/b/c/t1.md');
  return store;
}

describe('retention', () => {
  it('finds items too old (by date, else first-seen) or beyond the per-source cap, without deleting on a dry run', async () => {
    const store = await seeded();
    const now = '2024-01-10T00:00:00.000Z';
    const byAge = await store.findExpiredItems({ maxAgeDays: 6, maxItemsPerSource: null }, now);
    expect(byAge.map((e) => e.identity)).toEqual(['id:1', 'id:4']);
    expect(byAge[0]?.outputs).toEqual([{ kind: 'hexo', file: 'a/b/c/t1.md' }]);
    const byCount = await store.findExpiredItems({ maxAgeDays: null, maxItemsPerSource: 2 }, now);
    expect(byCount.map((e) => e.identity)).toEqual(['id:1']);
    expect(await store.listAllItems()).toHaveLength(4);
    await store.close();
  });

  it('keeps the newest of undated items seen in one fetch: the top of the feed', async () => {
    const store = openSqliteStore(':memory:');
    await store.registerSource({ key: 'u', location: '/u.xml', categories: ['a', 'b', 'c'] });
    await store.saveItems(
      'u',
      [item('newest', null), item('middle', null), item('oldest', null)],
      '2024-01-02T00:00:00Z',
    );
    expect((await store.listItems('u')).map((i) => i.id)).toEqual(['newest', 'middle', 'oldest']);
    expect((await store.listItemHeaders()).map((i) => i.identity)).toEqual([
      'id:newest',
      'id:middle',
      'id:oldest',
    ]);
    const now = '2024-01-03T00:00:00.000Z';
    const expired = await expire(store, { maxAgeDays: null, maxItemsPerSource: 2 }, now);
    expect(expired.map((e) => e.identity)).toEqual(['id:oldest']);
    await store.close();
  });

  it('deletes expired items and their output records, and does not take them back from the feed', async () => {
    const store = await seeded();
    const now = '2024-01-10T00:00:00.000Z';
    await expire(store, { maxAgeDays: null, maxItemsPerSource: 2 }, now);
    expect((await store.listItems('a')).map((i) => i.id)).toEqual(['3', '2']);
    expect(await store.getOutputFile('hexo', 'a', 'id:1')).toBeNull();
    const again = await store.saveItems(
      'a',
      [item('1', '2024-01-01T00:00:00Z'), item('5', '2024-01-11T00:00:00Z')],
      '2024-01-11T00:00:00Z',
    );
    expect(again.map((s) => s.status)).toEqual(['expired', 'new']);
    expect(await store.listItems('a')).toHaveLength(3);
    await store.close();
  });
});

describe('export and import', () => {
  it('round-trips every source and item, history times included, into an empty store only', async () => {
    const store = await seeded();
    const exported = await store.exportData();
    expect(exported.items).toHaveLength(4);
    const copy = openSqliteStore(':memory:');
    expect(await copy.importData(JSON.parse(JSON.stringify(exported)))).toEqual({ sources: 2, items: 4 });
    expect(await copy.exportData()).toEqual(exported);
    await expect(copy.importData(exported)).rejects.toThrow(
      /already holds 4 items; import into an empty store/,
    );
    await expect(openSqliteStore(':memory:').importData({ format: 'x' } as never)).rejects.toThrow(
      /not a newsmill export/,
    );
    await store.close();
    await copy.close();
  });

  it('keeps the records of written files and of expired items, so the copy prunes and skips alike', async () => {
    const store = await seeded();
    const now = '2024-01-10T00:00:00.000Z';
    await expire(store, { maxAgeDays: 7, maxItemsPerSource: null }, now);
    const exported = JSON.parse(JSON.stringify(await store.exportData())) as StoreExport;
    expect(exported.expired).toEqual([
      expect.objectContaining({ sourceKey: 'a', identity: 'id:1' }),
      expect.objectContaining({ sourceKey: 'b', identity: 'id:4' }),
    ]);
    await store.recordOutputFile('hexo', 'a', 'id:2', 'a/b/c/t2.md');
    const withOutput = JSON.parse(JSON.stringify(await store.exportData())) as StoreExport;
    const copy = openSqliteStore(':memory:');
    await copy.importData(withOutput);
    expect(await copy.getOutputFile('hexo', 'a', 'id:2')).toBe('a/b/c/t2.md');
    const again = await copy.saveItems('b', [item('4', null)], '2024-01-11T00:00:00Z');
    expect(again.map((saved) => saved.status)).toEqual(['expired']);
    const pruned = await copy.findExpiredItems({ maxAgeDays: null, maxItemsPerSource: 1 }, now);
    expect(pruned.find((entry) => entry.identity === 'id:2')?.outputs).toEqual([
      { kind: 'hexo', file: 'a/b/c/t2.md' },
    ]);
    // An export from before these records still imports.
    const old = { ...withOutput, version: 1 as const, outputs: undefined, expired: undefined };
    expect(await openSqliteStore(':memory:').importData(old)).toEqual({ sources: 2, items: 2 });
    await store.close();
    await copy.close();
  });
});
