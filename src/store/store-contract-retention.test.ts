import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../core/model.js';
import { emptyStore, useStoreBackends, type StoreBackend } from '../test-support/store-backends.js';
import type { ExpiredItem, RetentionPolicy, Store, StoreExport } from './store.js';
import { identifiedItem } from '../test-support/identified-item.js';
import { itemContentHash } from './item-rows.js';

// The store contract, part 3: retention, export and import. Every test runs against each backend,
// and an export moves between the backends both ways.

const item = (id: string, published: string | null): { identity: string; item: FeedItem } =>
  identifiedItem(id, { published, categories: ['x'] });

const NOW = '2024-01-10T00:00:00.000Z';

async function expire(store: Store, policy: RetentionPolicy, now: string): Promise<ExpiredItem[]> {
  const found = await store.findExpiredItems(policy, now);
  await store.removeExpiredItems(found, now);
  return found;
}

/** Source a with three dated items (one with a Hexo file), source b with one undated item. */
async function seeded(backend: StoreBackend): Promise<Store> {
  const store = await emptyStore(backend);
  await store.registerSource({ key: 'a', location: '/a.xml', categories: ['a', 'b', 'c'] });
  await store.registerSource({ key: 'b', location: '/b.xml', categories: ['a', 'b', 'd'] });
  await store.saveItems(
    'a',
    [
      item('1', '2024-01-01T00:00:00.000Z'),
      item('2', '2024-01-05T00:00:00.000Z'),
      item('3', '2024-01-09T00:00:00.000Z'),
    ],
    NOW,
  );
  await store.saveItems('b', [item('4', null)], '2024-01-02T00:00:00.000Z');
  await store.recordOutputFile('hexo', 'a', 'id:1', 'a/b/c/t1.md');
  return store;
}

const backends = useStoreBackends();

describe.each(backends)('the $name store', (backend) => {
  describe.skipIf(!backend.available)('retention', () => {
    it('finds items too old (by date, else first-seen) or beyond the per-source cap, without deleting on a dry run', async () => {
      const store = await seeded(backend);
      const byAge = await store.findExpiredItems({ maxAgeDays: 6, maxItemsPerSource: null }, NOW);
      expect(byAge.map((e) => [e.identity, e.date])).toEqual([
        ['id:1', '2024-01-01T00:00:00.000Z'],
        ['id:4', '2024-01-02T00:00:00.000Z'],
      ]);
      expect(byAge[0]?.outputs).toEqual([{ kind: 'hexo', file: 'a/b/c/t1.md' }]);
      const byCount = await store.findExpiredItems({ maxAgeDays: null, maxItemsPerSource: 2 }, NOW);
      expect(byCount.map((e) => e.identity)).toEqual(['id:1']);
      expect(await store.findExpiredItems({ maxAgeDays: null, maxItemsPerSource: null }, NOW)).toEqual([]);
      expect(await store.listAllItems()).toHaveLength(4);
    });

    it('keeps the newest of undated items seen in one fetch: the top of the feed', async () => {
      const store = await emptyStore(backend);
      await store.registerSource({ key: 'u', location: '/u.xml', categories: ['a', 'b', 'c'] });
      await store.saveItems(
        'u',
        [item('newest', null), item('middle', null), item('oldest', null)],
        '2024-01-02T00:00:00.000Z',
      );
      expect((await store.listItems('u')).map((i) => i.id)).toEqual(['newest', 'middle', 'oldest']);
      const expired = await expire(
        store,
        { maxAgeDays: null, maxItemsPerSource: 2 },
        '2024-01-03T00:00:00.000Z',
      );
      expect(expired.map((e) => e.identity)).toEqual(['id:oldest']);
    });

    it('deletes expired items with their output records and cached pages, and does not take them back', async () => {
      const store = await seeded(backend);
      await store.putCachedPage('https://a.cn/1', '<p>article</p>', NOW);
      await expire(store, { maxAgeDays: null, maxItemsPerSource: 2 }, NOW);
      expect((await store.listItems('a')).map((i) => i.id)).toEqual(['3', '2']);
      expect(await store.getOutputFile('hexo', 'a', 'id:1')).toBeNull();
      expect(await store.getCachedPage('https://a.cn/1')).toBeNull();
      // Removed items are named without their link; stored ones with it; another source's not at all.
      await store.saveItems('a', [identifiedItem('6', { link: null })], NOW);
      expect(await store.storedIdentities('a', ['id:1', 'id:2', 'id:9', 'id:4', 'id:6'])).toEqual(
        new Map([
          ['id:1', { expired: true, link: null, contentHash: null }],
          ['id:2', { expired: false, link: 'https://a.cn/2', contentHash: expect.any(String) }],
          ['id:6', { expired: false, link: null, contentHash: expect.any(String) }],
        ]),
      );
      expect(await store.storedIdentities('never', ['id:1'])).toEqual(new Map());
      expect(await store.storedIdentities('a', [])).toEqual(new Map());
      const again = await store.saveItems(
        'a',
        [item('1', '2024-01-01T00:00:00.000Z'), item('5', '2024-01-11T00:00:00.000Z')],
        '2024-01-11T00:00:00.000Z',
      );
      expect(again.map((s) => s.status)).toEqual(['expired', 'new']);
      expect(await store.listItems('a')).toHaveLength(4);
    });

    it('knows whether a source has any item, stored or lost to retention', async () => {
      const store = await seeded(backend);
      await expire(store, { maxAgeDays: null, maxItemsPerSource: 2 }, NOW);
      expect(await store.hasItems('a')).toBe(true);
      expect(await store.hasItems('b')).toBe(true);
      await store.registerSource({ key: 'c', location: '/c.xml', categories: ['a', 'b', 'c'] });
      expect(await store.hasItems('c')).toBe(false);
      expect(await store.hasItems('never')).toBe(false);
      // Every item of a source removed by retention: it was still ingested before.
      await expire(store, { maxAgeDays: 1, maxItemsPerSource: null }, '2024-02-01T00:00:00.000Z');
      expect(await store.listItems('b')).toEqual([]);
      expect(await store.hasItems('b')).toBe(true);
    });

    it("answers an identity with its suffixed forms, not with other identities or another source's", async () => {
      const store = await seeded(backend);
      const suffixed = identifiedItem('g#aa', { categories: ['x'] });
      await store.saveItems('b', [suffixed, identifiedItem('gg', { categories: ['x'] })], NOW);
      const answer = await store.storedIdentities('b', ['id:g', 'id:g#a', 'id:1', 'id:4']);
      expect([...answer.keys()].sort()).toEqual(['id:4', 'id:g#aa']);
      expect(answer.get('id:g#aa')).toEqual({
        expired: false,
        link: 'https://a.cn/g#aa',
        contentHash: itemContentHash(suffixed.item),
      });
      expect([...(await store.storedIdentities('b', ['id:g#aa', 'id:gg'])).keys()].sort()).toEqual([
        'id:g#aa',
        'id:gg',
      ]);
      // Removed by retention, a suffixed form is still named by its guid.
      await expire(store, { maxAgeDays: 1, maxItemsPerSource: null }, '2024-02-01T00:00:00.000Z');
      expect((await store.storedIdentities('b', ['id:g'])).get('id:g#aa')).toEqual({
        expired: true,
        link: null,
        contentHash: null,
      });
    });
  });

  describe.skipIf(!backend.available)('export and import', () => {
    it('round-trips every source and item, history times included, into an empty store only', async () => {
      const store = await seeded(backend);
      const exported = await store.exportData();
      expect(exported.items).toHaveLength(4);
      const copy = await emptyStore(backend);
      expect(await copy.importData(JSON.parse(JSON.stringify(exported)))).toEqual({ sources: 2, items: 4 });
      expect(await copy.exportData()).toEqual(exported);
      await expect(copy.importData(exported)).rejects.toThrow(
        /already holds 4 items; import into an empty store/,
      );
      await expect((await emptyStore(backend)).importData({ format: 'x' } as never)).rejects.toThrow(
        /not a newsmill export/,
      );
    });

    it('keeps the records of written files and of expired items, so the copy prunes and skips alike', async () => {
      const store = await seeded(backend);
      await expire(store, { maxAgeDays: 7, maxItemsPerSource: null }, NOW);
      const exported = JSON.parse(JSON.stringify(await store.exportData())) as StoreExport;
      expect(exported.expired).toEqual([
        { sourceKey: 'a', identity: 'id:1', expiredAt: NOW, lastSeenAt: NOW },
        { sourceKey: 'b', identity: 'id:4', expiredAt: NOW, lastSeenAt: NOW },
      ]);
      await store.recordOutputFile('hexo', 'a', 'id:2', 'a/b/c/t2.md');
      const withOutput = JSON.parse(JSON.stringify(await store.exportData())) as StoreExport;
      const copy = await emptyStore(backend);
      await copy.importData(withOutput);
      expect(await copy.getOutputFile('hexo', 'a', 'id:2')).toBe('a/b/c/t2.md');
      const again = await copy.saveItems('b', [item('4', null)], '2024-01-11T00:00:00.000Z');
      expect(again.map((saved) => saved.status)).toEqual(['expired']);
      const pruned = await copy.findExpiredItems({ maxAgeDays: null, maxItemsPerSource: 1 }, NOW);
      expect(pruned.find((entry) => entry.identity === 'id:2')?.outputs).toEqual([
        { kind: 'hexo', file: 'a/b/c/t2.md' },
      ]);
      // An export from before these records still imports.
      const old = { ...withOutput, version: 1 as const, outputs: undefined, expired: undefined };
      expect(await (await emptyStore(backend)).importData(old)).toEqual({ sources: 2, items: 2 });
    });

    it('keeps when a removed source was first missed, so the copy purges it when the original would', async () => {
      const store = await seeded(backend);
      const missed = '2024-01-03T00:00:00.000Z';
      await store.noteRemovedSources(['a'], missed);
      const exported = JSON.parse(JSON.stringify(await store.exportData())) as StoreExport;
      expect(exported.version).toBe(3);
      expect(exported.sources).toEqual([
        { key: 'a', location: '/a.xml', categories: ['a', 'b', 'c'] },
        { key: 'b', location: '/b.xml', categories: ['a', 'b', 'd'], removedAt: missed },
      ]);
      const copy = await emptyStore(backend);
      await copy.importData(exported);
      await copy.noteRemovedSources(['a'], NOW);
      expect((await copy.listRemovedSources(['a'], NOW))[0]?.removedAt).toBe(missed);
      // The export's marks replace those of sources the empty store had registered already.
      const registered = await emptyStore(backend);
      await registered.registerSource({ key: 'b', location: '/b.xml', categories: ['a', 'b', 'd'] });
      await registered.noteRemovedSources(['a'], NOW);
      await registered.importData(exported);
      expect((await registered.listRemovedSources(['a'], NOW))[0]?.removedAt).toBe(missed);
      // Back in the config: the imported mark goes, as a mark of its own would.
      const back = await emptyStore(backend);
      await back.importData(exported);
      expect(await back.noteRemovedSources(['a', 'b'], NOW)).toEqual(['b']);
      expect(await back.listRemovedSources(['a', 'b'], NOW)).toEqual([]);
    });

    it('counts an imported removal time ahead of the clock as noticed now, so nothing is held for ever', async () => {
      const exported = JSON.parse(JSON.stringify(await (await seeded(backend)).exportData())) as StoreExport;
      const ahead = exported.sources.map((source) =>
        source.key === 'b' ? { ...source, removedAt: '2999-01-01T00:00:00.000Z' } : source,
      );
      const copy = await emptyStore(backend);
      await copy.importData({ ...exported, sources: ahead });
      expect((await copy.listRemovedSources(['a'], NOW))[0]?.removedAt).toBe(NOW);
      await copy.noteRemovedSources(['a'], NOW);
      expect((await copy.listRemovedSources(['a'], '2024-02-01T00:00:00.000Z'))[0]?.removedAt).toBe(NOW);
    });

    it('writes nothing when any part of the export is invalid', async () => {
      const store = await emptyStore(backend);
      const good = await (await seeded(backend)).exportData();
      const bad = {
        ...good,
        items: [...good.items, { ...good.items[0], identity: 'id:9', published: '99999-01-01T00:00:00Z' }],
      };
      await expect(store.importData(bad as StoreExport)).rejects.toThrow(/items\[4\]\.published/);
      expect(await store.listSources()).toEqual([]);
      expect(await store.importData(good)).toEqual({ sources: 2, items: 4 });
    });
  });
});

describe.skipIf(!backends.every((backend) => backend.available))('moving a site between backends', () => {
  it('exports from SQLite, imports into PostgreSQL, and back, with identical data', async () => {
    const [sqlite, postgres] = backends as [StoreBackend, StoreBackend];
    const source = await seeded(sqlite);
    await expire(source, { maxAgeDays: 7, maxItemsPerSource: null }, NOW);
    await source.recordOutputFile('site', 'a', 'id:3', 'posts/t3.html');
    await source.noteRemovedSources(['a'], '2024-01-08T00:00:00.000Z');
    await source.saveItems(
      'a',
      [item('u1', null), item('u2', null), item('6', '2024-01-09T00:00:00.000Z')],
      NOW,
    );
    const fromSqlite = JSON.parse(JSON.stringify(await source.exportData())) as StoreExport;
    const pg = await emptyStore(postgres);
    expect(await pg.importData(fromSqlite)).toEqual({ sources: 2, items: 5 });
    const fromPostgres = JSON.parse(JSON.stringify(await pg.exportData())) as StoreExport;
    expect(fromPostgres).toEqual(fromSqlite);
    const back = await emptyStore(sqlite);
    await back.importData(fromPostgres);
    expect(await back.exportData()).toEqual(fromSqlite);
    // An export whose times are written by hand (no milliseconds) reads the same into both.
    const byHand = JSON.parse(
      JSON.stringify(fromSqlite).replaceAll(/(\d{2}:\d{2}:\d{2})\.000Z/g, '$1Z'),
    ) as StoreExport;
    const [handSqlite, handPostgres] = [await emptyStore(sqlite), await emptyStore(postgres)];
    await handSqlite.importData(byHand);
    await handPostgres.importData(byHand);
    expect(await handPostgres.exportData()).toEqual(await handSqlite.exportData());
    expect(await comparableHeaders(handPostgres)).toEqual(await comparableHeaders(handSqlite));
    // The same listings, ties included, from every copy; the saving order kept, not its numbers.
    for (const store of [pg, back]) {
      expect(await comparableHeaders(store)).toEqual(await comparableHeaders(source));
      expect(await store.listSources()).toEqual(await source.listSources());
    }
  });
});

/** A store's headers without their sequence numbers, which each store assigns, plus the order they give. */
async function comparableHeaders(store: Store): Promise<{ headers: unknown[]; saved: string[] }> {
  const headers = await store.listItemHeaders();
  const saved = [...headers]
    .sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0))
    .map((header) => `${header.sourceKey} ${header.identity}`);
  return { headers: headers.map(({ sequence: _sequence, ...rest }) => rest), saved };
}
