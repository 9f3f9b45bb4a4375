import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../core/model.js';
import { emptyStore, useStoreBackends } from '../test-support/store-backends.js';
import type { CleanedItem, FetchRecord, Store } from './store.js';
import { identifiedItem } from '../test-support/identified-item.js';

// The store contract, part 4: what publishing and the workers read and record: output stamps and
// the outputs due, one source's record, and which worker fetched it. Runs against each backend.

const item = (id: string, content = `<p>${id}</p>`): { identity: string; item: FeedItem } =>
  identifiedItem(id, { content });

const fetch = (startedAt: string, error: string | null, fetchedBy?: string): FetchRecord => ({
  sourceKey: 'a',
  startedAt,
  durationMs: 10,
  status: error ? 500 : 200,
  error,
  itemsSeen: 0,
  itemsNew: 0,
  itemsUpdated: 0,
  fetchedBy,
});

describe.each(useStoreBackends())('the $name store', (backend) => {
  /** Sources a (items a1, a2) and b (item b1), saved at one time. */
  async function seeded(): Promise<Store> {
    const store = await emptyStore(backend);
    for (const key of ['a', 'b'])
      await store.registerSource({ key, location: `/${key}`, categories: ['x', key, 'c'] });
    await store.saveItems('a', [item('a2'), item('a1')], '2024-01-02T00:00:00.000Z');
    await store.saveItems('b', [item('b1')], '2024-01-02T00:00:00.000Z');
    return store;
  }

  describe.skipIf(!backend.available)('outputs due for publishing', () => {
    it('lists the items whose output is missing, unstamped, or from other content or settings', async () => {
      const store = await seeded();
      const due = async (settings: Array<[string, string]>): Promise<string[]> =>
        (await store.listUnpublished('hexo', new Map(settings))).map(
          (ref) => `${ref.sourceKey} ${ref.identity}`,
        );
      // Source by source in the map's order, each by identity.
      expect(
        await due([
          ['b', 's1'],
          ['a', 's1'],
        ]),
      ).toEqual(['b id:b1', 'a id:a1', 'a id:a2']);
      expect(await due([])).toEqual([]);
      const [a1] = await store.getItems([{ sourceKey: 'a', identity: 'id:a1' }]);
      await store.recordOutputFile('hexo', 'a', 'id:a1', 'x/a/c/a1.md', {
        from: a1?.changedAt ?? '',
        settings: 's1',
      });
      await store.recordOutputFile('hexo', 'a', 'id:a2', 'x/a/c/a2.md');
      expect(await due([['a', 's1']])).toEqual(['a id:a2']);
      // Another kind of output is due on its own.
      expect((await store.listUnpublished('site', new Map([['a', 's1']]))).length).toBe(2);
      // Other settings make every post of the source due; so does a change of the item.
      expect(await due([['a', 's2']])).toEqual(['a id:a1', 'a id:a2']);
      await store.saveItems('a', [item('a1', '<p>edited</p>')], '2024-01-03T00:00:00.000Z');
      expect(await due([['a', 's1']])).toEqual(['a id:a1', 'a id:a2']);
      expect(await store.getOutputFile('hexo', 'a', 'id:a1')).toBe('x/a/c/a1.md');
    });
  });

  describe.skipIf(!backend.available)('outputs recorded in batches', () => {
    it('records a batch of outputs at once, stamps included, and none when one cannot be', async () => {
      const store = await seeded();
      const [a1, b1] = await store.getItems([
        { sourceKey: 'a', identity: 'id:a1' },
        { sourceKey: 'b', identity: 'id:b1' },
      ]);
      await store.recordOutputFiles('hexo', [
        {
          sourceKey: 'a',
          identity: 'id:a1',
          file: 'x/a/c/a1.md',
          stamp: { from: a1?.changedAt ?? '', settings: 's1' },
        },
        {
          sourceKey: 'b',
          identity: 'id:b1',
          file: 'x/b/c/b1.md',
          stamp: { from: b1?.changedAt ?? '', settings: 's1' },
        },
        { sourceKey: 'a', identity: 'id:a2', file: 'x/a/c/a2.md' },
      ]);
      expect(await store.getOutputFile('hexo', 'b', 'id:b1')).toBe('x/b/c/b1.md');
      const due = await store.listUnpublished(
        'hexo',
        new Map([
          ['a', 's1'],
          ['b', 's1'],
        ]),
      );
      expect(due.map((ref) => ref.identity)).toEqual(['id:a2']);
      // A record for a source the store does not know fails the whole batch: nothing is recorded.
      await expect(
        store.recordOutputFiles('hexo', [
          { sourceKey: 'a', identity: 'id:a2', file: 'x/a/c/a2-moved.md' },
          { sourceKey: 'gone', identity: 'id:g1', file: 'x/gone/c/g1.md' },
        ]),
      ).rejects.toThrow(/gone/);
      expect(await store.getOutputFile('hexo', 'a', 'id:a2')).toBe('x/a/c/a2.md');
    });

    it('reads several recorded files in one call, in the order asked, null where none is', async () => {
      const store = await seeded();
      await store.recordOutputFiles('hexo', [
        { sourceKey: 'a', identity: 'id:a1', file: 'x/a/c/a1.md' },
        { sourceKey: 'b', identity: 'id:b1', file: 'x/b/c/b1.md' },
      ]);
      await store.recordOutputFile('site', 'a', 'id:a2', 'posts/a2.html');
      const files = await store.getOutputFiles('hexo', [
        { sourceKey: 'b', identity: 'id:b1' },
        { sourceKey: 'a', identity: 'id:a2' },
        { sourceKey: 'gone', identity: 'id:g1' },
        { sourceKey: 'a', identity: 'id:a1' },
        { sourceKey: 'b', identity: 'id:b1' },
      ]);
      expect(files).toEqual(['x/b/c/b1.md', null, null, 'x/a/c/a1.md', 'x/b/c/b1.md']);
      expect(await store.getOutputFiles('hexo', [])).toEqual([]);
    });
  });

  describe.skipIf(!backend.available)('articles cleaned at ingest', () => {
    /** Stores cleanings, which every backend must do (the interface lets a store go without). */
    async function saveCleanings(store: Store, sourceKey: string, items: CleanedItem[]): Promise<void> {
      expect(store.saveCleanedContent).toBeTypeOf('function');
      await store.saveCleanedContent?.(sourceKey, items);
    }

    it('keeps a cleaning only for the content it was made from, reads it with the item, and exports none', async () => {
      const store = await seeded();
      const [a1, a2] = await store.getItems([
        { sourceKey: 'a', identity: 'id:a1' },
        { sourceKey: 'a', identity: 'id:a2' },
      ]);
      const cleaning = {
        html: '<p>clean</p>',
        cover: 'https://a.cn/c.jpg',
        text: 'clean',
        key: 'k1',
        from: a1?.changedAt ?? '',
      };
      await saveCleanings(store, 'a', [
        { identity: 'id:a1', ...cleaning },
        // Made from content older than what is stored now: not kept.
        { identity: 'id:a2', ...cleaning, from: '2023-12-31T00:00:00.000Z' },
      ]);
      const [cleaned, other] = await store.getItems([
        { sourceKey: 'a', identity: 'id:a1' },
        { sourceKey: 'a', identity: 'id:a2' },
      ]);
      expect(cleaned?.cleaned).toEqual(cleaning);
      expect(other?.cleaned ?? null).toBeNull();
      // Listed as stale under any other settings key, never under its own or without a cleaning.
      const stale = async (key: string) =>
        (await store.listStaleCleanings('a', key, 10)).map((stored) => stored.identity);
      expect(await stale('k1')).toEqual([]);
      expect(await stale('k0')).toEqual(['id:a1']);
      expect(await stale('k2')).toEqual(['id:a1']);
      expect(await store.listStaleCleanings('a', 'k0', 0)).toEqual([]);
      expect(await store.listStaleCleanings('unknown', 'k0', 10)).toEqual([]);
      await saveCleanings(store, 'a', [{ identity: 'id:a1', ...cleaning, key: 'k1.sealed' }]);
      expect(await stale('k1')).toEqual([]);
      expect((await store.listStaleCleanings('a', 'k', 10))[0]).toEqual({
        ...cleaned,
        cleaned: { ...cleaning, key: 'k1.sealed' },
      });
      await saveCleanings(store, 'a', [{ identity: 'id:a1', ...cleaning }]);
      // Read without bodies: the same item and cleaning, with no content or summary.
      const [lean, gone] = await store.getItemsWithoutBodies([
        { sourceKey: 'a', identity: 'id:a1' },
        { sourceKey: 'a', identity: 'id:missing' },
      ]);
      expect(cleaned?.content).not.toBeNull();
      expect(lean).toEqual({ ...cleaned, content: null, summary: null });
      expect(gone).toBeNull();
      expect(other).toEqual(a2);
      expect((await store.listItems('a')).find((stored) => stored.identity === 'id:a1')?.cleaned).toEqual(
        cleaning,
      );
      expect((await store.listAllItems()).find((stored) => stored.identity === 'id:a1')).toEqual(cleaned);
      // Exports leave cleanings out: an import must never bring in HTML that outputs publish as is.
      const exported = JSON.parse(JSON.stringify(await store.exportData())) as { items: object[] };
      expect(exported.items.every((stored) => !('cleaned' in stored))).toBe(true);
      const copy = await emptyStore(backend);
      await copy.importData(exported as never);
      expect((await copy.getItems([{ sourceKey: 'a', identity: 'id:a1' }]))[0]?.cleaned ?? null).toBeNull();
      // Changed content moves changedAt on: the cleaning stays behind it, stale.
      const [saved] = await store.saveItems('a', [item('a1', '<p>edited</p>')], '2024-01-03T00:00:00.000Z');
      const [after] = await store.getItems([{ sourceKey: 'a', identity: 'id:a1' }]);
      expect(saved?.item).toEqual(after);
      expect(after?.cleaned?.from ?? null).not.toBe(after?.changedAt);
      await expect(saveCleanings(store, 'nope', [])).rejects.toThrow(/source nope is not registered/);
    });
  });

  describe.skipIf(!backend.available)('one source and its worker', () => {
    it('reads one source as listSources gives it, or null', async () => {
      const store = await seeded();
      await store.recordFetch(fetch('2024-01-02T00:00:00.000Z', null));
      expect(await store.getSource('a')).toEqual((await store.listSources())[0]);
      expect(await store.getSource('nope')).toBeNull();
    });

    it('keeps which worker made each attempt, failed or not, and clears it for a fetch no worker made', async () => {
      const place = await backend.place();
      const store = await place.open();
      await store.registerSource({ key: 'a', location: '/a', categories: ['x', 'a', 'c'] });
      const fetchedBy = async (open: Store): Promise<string | null | undefined> =>
        (await open.getSource('a'))?.lastFetchedBy;
      expect(await fetchedBy(store)).toBeNull();
      await store.recordFetch(fetch('2026-01-01T00:00:00.000Z', null, 'host-a:101'));
      expect(await fetchedBy(store)).toBe('host-a:101');
      await store.recordFetch(fetch('2026-01-01T01:00:00.000Z', 'HTTP 500', 'host-b:202'));
      await store.close();
      const again = await place.open();
      expect(await fetchedBy(again)).toBe('host-b:202');
      // `newsmill run` on one machine is no worker: the store must not keep naming the last one.
      await again.recordFetch(fetch('2026-01-01T02:00:00.000Z', null));
      expect(await fetchedBy(again)).toBeNull();
    });
  });
});
