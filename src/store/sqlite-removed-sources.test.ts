import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedItem } from '../core/model.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

const item = (id: string): { identity: string; item: FeedItem } => ({
  identity: `id:${id}`,
  item: {
    id,
    title: `t${id}`,
    link: `https://a.cn/${id}`,
    published: '2024-01-01T00:00:00Z',
    updated: null,
    author: null,
    summary: null,
    content: `<p>${id}</p>`,
    categories: [],
    enclosures: [],
    image: null,
    baseUrl: null,
  },
});

async function seeded(store: Store): Promise<Store> {
  for (const key of ['a', 'b']) {
    await store.registerSource({ key, location: `/${key}.xml`, categories: ['x', key, 'c'] });
    await store.saveItems(key, [item(`${key}1`), item(`${key}2`)], '2024-01-02T00:00:00Z');
    await store.recordOutputFile('hexo', key, `id:${key}1`, `x/${key}/c/${key}1.md`);
  }
  return store;
}

const DAY1 = '2024-02-01T00:00:00.000Z';
const DAY5 = '2024-02-05T00:00:00.000Z';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

describe('removed sources', () => {
  it('lists a stored source missing from the config with its items and files, removed from when first noticed', async () => {
    const store = await seeded(openSqliteStore(':memory:'));
    expect(await store.listRemovedSources(['a', 'b'], DAY1)).toEqual([]);
    // Not noticed yet (a dry run): it counts as removed now.
    expect(await store.listRemovedSources(['a'], DAY5)).toEqual([
      {
        key: 'b',
        removedAt: DAY5,
        itemCount: 2,
        outputs: [{ kind: 'hexo', file: 'x/b/c/b1.md' }],
      },
    ]);
    await store.noteRemovedSources(['a'], DAY1);
    await store.noteRemovedSources(['a'], DAY5);
    expect((await store.listRemovedSources(['a'], DAY5))[0]?.removedAt).toBe(DAY1);
    // Added back: the mark goes, so a later removal counts from then.
    expect(await store.noteRemovedSources(['a', 'b'], DAY5)).toEqual(['b']);
    expect(await store.noteRemovedSources(['a', 'b'], DAY5)).toEqual([]);
    await store.noteRemovedSources(['a'], DAY5);
    expect((await store.listRemovedSources(['a'], DAY5))[0]?.removedAt).toBe(DAY5);
    await store.close();
  });

  it('purges a source with everything it stored, and a source added again starts fresh', async () => {
    const store = await seeded(openSqliteStore(':memory:'));
    await store.removeExpiredItems([{ sourceKey: 'b', identity: 'id:b2' }], DAY1);
    await store.purgeSource('b');
    expect(await store.listRemovedSources(['a'], DAY5)).toEqual([]);
    expect((await store.listSources()).map((source) => source.key)).toEqual(['a']);
    expect((await store.listAllItems()).map((stored) => stored.identity)).toEqual(['id:a1', 'id:a2']);
    expect(await store.getOutputFile('hexo', 'a', 'id:a1')).toBe('x/a/c/a1.md');
    await store.registerSource({ key: 'b', location: '/b.xml', categories: ['x', 'b', 'c'] });
    // The identity retention had removed is new again: nothing of the old source is remembered.
    const saved = await store.saveItems('b', [item('b2')], '2024-03-01T00:00:00Z');
    expect(saved.map((entry) => entry.status)).toEqual(['new']);
    expect(await store.getOutputFile('hexo', 'b', 'id:b1')).toBeNull();
    await store.close();
  });

  it('forgets only the named files of a source', async () => {
    const store = await seeded(openSqliteStore(':memory:'));
    await store.forgetOutputFiles('hexo', 'b', ['x/b/c/b1.md']);
    expect(await store.getOutputFile('hexo', 'b', 'id:b1')).toBeNull();
    expect(await store.getOutputFile('hexo', 'a', 'id:a1')).toBe('x/a/c/a1.md');
    await store.close();
  });

  it('counts a stored removal time that is no time, or lies ahead, from now', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-removed-'));
    const file = path.join(dir, 'store.db');
    await (await seeded(openSqliteStore(file))).close();
    for (const bad of ['yesterday', '2999-01-01T00:00:00Z', 42]) {
      const db = new Database(file);
      db.prepare("UPDATE sources SET removed_at = ? WHERE key = 'b'").run(bad);
      db.close();
      const store = openSqliteStore(file);
      expect((await store.listRemovedSources(['a'], DAY5))[0]?.removedAt).toBe(DAY5);
      await store.noteRemovedSources(['a'], DAY5);
      expect((await store.listRemovedSources(['a'], DAY5))[0]?.removedAt).toBe(DAY5);
      await store.close();
    }
  });
});
