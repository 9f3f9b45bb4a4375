import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../core/model.js';
import { emptyStore, useStoreBackends } from '../test-support/store-backends.js';
import type { Store } from './store.js';
import { identifiedItem } from '../test-support/identified-item.js';

// The store contract, part 2: sources, their fetch state, output records, the page cache, removed
// sources and read-only stores. Every test runs against each backend.

const item = (id: string): { identity: string; item: FeedItem } => identifiedItem(id);

const fetch = { sourceKey: 'src', durationMs: 5, itemsSeen: 0, itemsNew: 0, itemsUpdated: 0 };
const at = (hour: number): string => new Date(Date.UTC(2025, 0, 1, hour)).toISOString();
const DAY1 = '2024-02-01T00:00:00.000Z';
const DAY5 = '2024-02-05T00:00:00.000Z';

describe.each(useStoreBackends())('the $name store', (backend) => {
  async function withSource(): Promise<Store> {
    const store = await emptyStore(backend);
    await store.registerSource({ key: 'src', location: '/feeds/a.xml', categories: ['a', 'b', 'c'] });
    return store;
  }

  /** Two sources, a and b, of two items each, with a Hexo file recorded for each first item. */
  async function seeded(): Promise<Store> {
    const store = await emptyStore(backend);
    for (const key of ['a', 'b']) {
      await store.registerSource({ key, location: `/${key}.xml`, categories: ['x', key, 'c'] });
      await store.saveItems(key, [item(`${key}1`), item(`${key}2`)], '2024-01-02T00:00:00.000Z');
      await store.recordOutputFile('hexo', key, `id:${key}1`, `x/${key}/c/${key}1.md`);
    }
    return store;
  }

  describe.skipIf(!backend.available)('sources and fetch state', () => {
    it('remembers validators only from successful fetches and counts the error streak', async () => {
      const store = await withSource();
      const validators = { etag: '"e1"', lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT' };
      await store.recordFetch({ ...fetch, startedAt: at(0), status: 200, error: null, validators });
      await store.recordFetch({
        ...fetch,
        startedAt: at(1),
        status: 500,
        error: 'HTTP 500',
        nextAttemptAt: at(2),
      });
      await store.recordFetch({
        ...fetch,
        startedAt: at(3),
        status: null,
        error: 'timeout',
        nextAttemptAt: at(4),
      });
      expect(await store.getFetchState('src')).toEqual({
        ...validators,
        nextAttemptAt: at(4),
        movedTo: null,
        errorStreak: 2,
        lastAttemptAt: at(3),
      });
      expect((await store.listSources())[0]).toMatchObject({
        lastAttemptAt: at(3),
        lastSuccessAt: at(0),
        lastError: 'timeout',
        errorStreak: 2,
      });
      await store.recordFetch({
        ...fetch,
        startedAt: at(5),
        status: 200,
        error: null,
        movedTo: 'https://b.cn/feed',
      });
      expect(await store.getFetchState('src')).toEqual({
        etag: null,
        lastModified: null,
        nextAttemptAt: null,
        movedTo: 'https://b.cn/feed',
        errorStreak: 0,
        lastAttemptAt: at(5),
      });
      // A location edited in the config overrides the remembered redirect; registering gives the
      // state as it now reads.
      const registered = await store.registerSource({
        key: 'src',
        location: '/feeds/moved.xml',
        categories: ['a', 'b', 'c'],
      });
      expect(registered).toEqual(await store.getFetchState('src'));
      expect(registered).toMatchObject({ movedTo: null, lastAttemptAt: at(5) });
      expect(await store.getFetchState('never')).toEqual({
        etag: null,
        lastModified: null,
        nextAttemptAt: null,
        movedTo: null,
        errorStreak: 0,
        lastAttemptAt: null,
      });
    });

    it('lists sources in registration order with their item counts and rates', async () => {
      const store = await withSource();
      await store.registerSource({
        key: 'other',
        location: 'https://b.cn/feed',
        categories: ['x', 'y', 'z'],
      });
      await store.registerSource({ key: 'src', location: '/feeds/a.xml', categories: ['a', 'b', 'd'] });
      await store.saveItems('src', [item('1'), item('2')], '2024-01-01T00:00:00.000Z');
      const now = Date.now();
      const startedAt = new Date(now - 2 * 86_400_000).toISOString();
      await store.recordFetch({
        ...fetch,
        startedAt,
        status: 200,
        error: null,
        servedBy: 'https://rsshub.app',
        itemsNew: 5,
      });
      const sources = await store.listSources();
      expect(sources.map((s) => [s.key, s.itemCount, s.categories, s.location])).toEqual([
        ['src', 2, ['a', 'b', 'd'], '/feeds/a.xml'],
        ['other', 0, ['x', 'y', 'z'], 'https://b.cn/feed'],
      ]);
      expect(sources[0]).toMatchObject({
        servedBy: 'https://rsshub.app',
        newItemsPerDay: 2.5,
        nextDueAt: null,
      });
      expect(sources[1]).toMatchObject({ lastAttemptAt: null, newItemsPerDay: 0, pollHint: null });
    });

    it('keeps the poll hint through a 304 and a failure, and clears it when a feed drops it', async () => {
      const store = await withSource();
      const hint = async (): Promise<unknown> => (await store.listSources())[0]?.pollHint;
      await store.recordFetch({
        ...fetch,
        startedAt: at(0),
        status: 200,
        error: null,
        pollHint: { seconds: 3600, from: 'ttl' },
      });
      expect(await hint()).toEqual({ seconds: 3600, from: 'ttl' });
      await store.recordFetch({ ...fetch, startedAt: at(1), status: 304, error: null });
      expect(await hint()).toEqual({ seconds: 3600, from: 'ttl' });
      await store.recordFetch({ ...fetch, startedAt: at(2), status: 500, error: 'HTTP 500' });
      expect(await hint()).toEqual({ seconds: 3600, from: 'ttl' });
      await store.recordFetch({ ...fetch, startedAt: at(3), status: 200, error: null, pollHint: null });
      expect(await hint()).toBeNull();
    });

    it('keeps the due time and its reason across a restart', async () => {
      const place = await backend.place();
      const first = await place.open();
      await first.registerSource({ key: 'src', location: '/feeds/a.xml', categories: ['a', 'b', 'c'] });
      await first.recordFetch({
        ...fetch,
        startedAt: at(0),
        status: 200,
        error: null,
        pollHint: { seconds: 600, from: 'max-age' },
      });
      await first.recordSchedule('src', {
        dueAt: '2025-01-01T00:10:00.000Z',
        reason: 'hint: max-age 10 min',
      });
      await first.close();
      expect((await (await place.open()).listSources())[0]).toMatchObject({
        pollHint: { seconds: 600, from: 'max-age' },
        nextDueAt: '2025-01-01T00:10:00.000Z',
        dueReason: 'hint: max-age 10 min',
      });
    });

    it('refuses fetch records and schedules of an unregistered source', async () => {
      const store = await withSource();
      await expect(
        store.recordFetch({ ...fetch, sourceKey: 'nope', startedAt: at(0), status: 200, error: null }),
      ).rejects.toThrow(/source nope is not registered/);
      await expect(store.recordSchedule('nope', { dueAt: at(1), reason: 'x' })).rejects.toThrow(
        /source nope is not registered/,
      );
    });

    it('registers and schedules many sources at once as one call would each, and all or nothing', async () => {
      const store = await withSource();
      await store.recordFetch({
        ...fetch,
        startedAt: at(0),
        status: 200,
        error: null,
        movedTo: 'https://b.cn/feed',
      });
      await store.registerSources([
        { key: 'new1', location: '/n1.xml', categories: ['x', 'y', 'z'] },
        // Moved in the config: the remembered redirect goes, as with registerSource.
        { key: 'src', location: '/feeds/moved.xml', categories: ['d', 'e', 'f'] },
        { key: 'new2', location: '/n2.xml', categories: ['x', 'y', 'z'] },
        // Listed twice: the last listing is the one stored.
        { key: 'new1', location: '/n1-again.xml', categories: ['x', 'y', 'w'] },
      ]);
      await store.registerSources([]);
      const listed = await store.listSources();
      expect(listed.map((record) => [record.key, record.location, record.categories])).toEqual([
        ['src', '/feeds/moved.xml', ['d', 'e', 'f']],
        ['new1', '/n1-again.xml', ['x', 'y', 'w']],
        ['new2', '/n2.xml', ['x', 'y', 'z']],
      ]);
      expect((await store.getFetchState('src')).movedTo).toBeNull();

      await store.recordSchedules([
        { sourceKey: 'src', schedule: { dueAt: at(1), reason: 'r1' } },
        { sourceKey: 'new2', schedule: { dueAt: at(2), reason: 'r2' } },
      ]);
      await expect(
        store.recordSchedules([
          { sourceKey: 'new1', schedule: { dueAt: at(3), reason: 'r3' } },
          { sourceKey: 'nope', schedule: { dueAt: at(3), reason: 'x' } },
        ]),
      ).rejects.toThrow(/source nope is not registered/);
      const due = new Map((await store.listSources()).map((r) => [r.key, [r.nextDueAt, r.dueReason]]));
      expect(Object.fromEntries(due)).toEqual({
        src: [at(1), 'r1'],
        // Not stored: its batch named a source that is not registered.
        new1: [null, null],
        new2: [at(2), 'r2'],
      });
    });
  });

  describe.skipIf(!backend.available)('output records and the page cache', () => {
    it('records output files per item, replacing earlier ones, and forgets only the named files', async () => {
      const store = await seeded();
      expect(await store.getOutputFile('hexo', 'a', 'id:a2')).toBeNull();
      expect(await store.getOutputFile('site', 'a', 'id:a1')).toBeNull();
      await store.recordOutputFile('hexo', 'a', 'id:a2', 'x/a/c/old.md');
      await store.recordOutputFile('hexo', 'a', 'id:a2', 'x/a/c/a2.md');
      expect(await store.getOutputFile('hexo', 'a', 'id:a2')).toBe('x/a/c/a2.md');
      await store.forgetOutputFiles('hexo', 'b', ['x/b/c/b1.md']);
      expect(await store.getOutputFile('hexo', 'b', 'id:b1')).toBeNull();
      expect(await store.getOutputFile('hexo', 'a', 'id:a1')).toBe('x/a/c/a1.md');
    });

    it('caches extracted pages by URL', async () => {
      const store = await withSource();
      expect(await store.getCachedPage('https://a.cn/1')).toBeNull();
      await store.putCachedPage('https://a.cn/1', '<p>one</p>', at(0));
      await store.putCachedPage('https://a.cn/1', '<p>two</p>', at(1));
      expect(await store.getCachedPage('https://a.cn/1')).toBe('<p>two</p>');
    });
  });

  describe.skipIf(!backend.available)('removed sources', () => {
    it('lists a stored source missing from the config with its items and files, removed from when first noticed', async () => {
      const store = await seeded();
      expect(await store.listRemovedSources(['a', 'b'], DAY1)).toEqual([]);
      // Not noticed yet (a dry run): it counts as removed now.
      expect(await store.listRemovedSources(['a'], DAY5)).toEqual([
        { key: 'b', removedAt: DAY5, itemCount: 2, outputs: [{ kind: 'hexo', file: 'x/b/c/b1.md' }] },
      ]);
      await store.noteRemovedSources(['a'], DAY1);
      await store.noteRemovedSources(['a'], DAY5);
      expect((await store.listRemovedSources(['a'], DAY5))[0]?.removedAt).toBe(DAY1);
      // Added back: the mark goes, so a later removal counts from then.
      expect(await store.noteRemovedSources(['a', 'b'], DAY5)).toEqual(['b']);
      expect(await store.noteRemovedSources(['a', 'b'], DAY5)).toEqual([]);
      await store.noteRemovedSources(['a'], DAY5);
      expect((await store.listRemovedSources(['a'], DAY5))[0]?.removedAt).toBe(DAY5);
    });

    it('purges a source with everything it stored, and a source added again starts fresh', async () => {
      const store = await seeded();
      await store.putCachedPage('https://a.cn/b1', '<p>b1</p>', DAY1);
      await store.putCachedPage('https://a.cn/a1', '<p>a1</p>', DAY1);
      await store.removeExpiredItems([{ sourceKey: 'b', identity: 'id:b2' }], DAY1);
      await store.purgeSource('b');
      expect(await store.listRemovedSources(['a'], DAY5)).toEqual([]);
      expect((await store.listSources()).map((source) => source.key)).toEqual(['a']);
      expect((await store.listAllItems()).map((stored) => stored.identity)).toEqual(['id:a1', 'id:a2']);
      expect(await store.getOutputFile('hexo', 'a', 'id:a1')).toBe('x/a/c/a1.md');
      expect(await store.getCachedPage('https://a.cn/b1')).toBeNull();
      expect(await store.getCachedPage('https://a.cn/a1')).toBe('<p>a1</p>');
      await store.registerSource({ key: 'b', location: '/b.xml', categories: ['x', 'b', 'c'] });
      // The identity retention had removed is new again: nothing of the old source is remembered.
      const saved = await store.saveItems('b', [item('b2')], '2024-03-01T00:00:00.000Z');
      expect(saved.map((entry) => entry.status)).toEqual(['new']);
      expect(await store.getOutputFile('hexo', 'b', 'id:b1')).toBeNull();
    });
  });

  describe.skipIf(!backend.available)('a store opened read-only', () => {
    it('reads a store that does not exist yet as empty, and creates nothing', async () => {
      const place = await backend.place();
      const store = await place.open({ readonly: true });
      expect(await store.listSources()).toEqual([]);
      expect(await store.listItemHeaders()).toEqual([]);
      await store.close();
      // Opened for writing afterwards, it is still empty: the read-only open left nothing behind.
      expect(await (await place.open()).listSources()).toEqual([]);
    });

    it('reads what was stored and refuses writes as a read-only store', async () => {
      const place = await backend.place();
      const writable = await place.open();
      await writable.registerSource({ key: 'src', location: 'a.xml', categories: ['a', 'b', 'c'] });
      await writable.saveItems('src', [item('1')], '2024-01-02T00:00:00.000Z');
      await writable.close();
      const store = await place.open({ readonly: true });
      expect((await store.listSources()).map((source) => source.key)).toEqual(['src']);
      expect((await store.listItems('src')).map((stored) => stored.identity)).toEqual(['id:1']);
      const refusals = [
        store.registerSource({ key: 'b', location: 'b.xml', categories: ['a', 'b', 'c'] }),
        store.saveItems('src', [item('2')], '2024-01-03T00:00:00.000Z'),
        store.recordOutputFile('hexo', 'src', 'id:1', 'a/b/c/1.md'),
      ];
      for (const refusal of refusals)
        await expect(refusal).rejects.toMatchObject({ name: 'StoreUnusableError', fault: 'read-only' });
      expect((await store.listItems('src')).map((stored) => stored.identity)).toEqual(['id:1']);
    });
  });
});
