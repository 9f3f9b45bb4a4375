import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedItem } from '../core/model.js';
import { SCHEMA_VERSION } from './migrations.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

const item = (overrides: Partial<FeedItem>): FeedItem => ({
  id: 'g1',
  title: 'Title',
  link: 'https://a.cn/1',
  published: '2021-12-16T03:28:08.000Z',
  updated: null,
  author: null,
  summary: null,
  content: '<p>body</p>',
  categories: ['a'],
  enclosures: [{ url: 'https://a.cn/a.mp3', type: 'audio/mpeg', length: 3 }],
  image: null,
  baseUrl: null,
  ...overrides,
});

let dir = '';
let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openTemp(): Promise<{ store: Store; file: string }> {
  dir = mkdtempSync(path.join(tmpdir(), 'newsmill-store-'));
  const file = path.join(dir, 'nested', 'newsmill.db');
  store = openSqliteStore(file);
  await store.registerSource({ key: 'src', location: '/feeds/a.xml', categories: ['a', 'b', 'c'] });
  return { store, file };
}

describe('SQLite store', () => {
  it('creates the file in WAL mode at the current schema version', async () => {
    const { file } = await openTemp();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('inserts new items, leaves identical ones unchanged and updates changed ones in place', async () => {
    const { store } = await openTemp();
    const first = await store.saveItems(
      'src',
      [{ identity: 'id:g1', item: item({}) }],
      '2024-01-01T00:00:00.000Z',
    );
    expect(first.map((s) => s.status)).toEqual(['new']);
    const second = await store.saveItems(
      'src',
      [{ identity: 'id:g1', item: item({}) }],
      '2024-01-02T00:00:00.000Z',
    );
    expect(second[0]?.status).toBe('unchanged');
    const third = await store.saveItems(
      'src',
      [{ identity: 'id:g1', item: item({ content: '<p>edited</p>' }) }],
      '2024-01-03T00:00:00.000Z',
    );
    expect(third[0]?.status).toBe('updated');
    expect(third[0]?.item.firstSeenAt).toBe('2024-01-01T00:00:00.000Z');
    expect(third[0]?.item.changedAt).toBe('2024-01-03T00:00:00.000Z');
    // A second change saved with the same time still moves changedAt forward.
    const fourth = await store.saveItems(
      'src',
      [{ identity: 'id:g1', item: item({ content: '<p>edited again</p>' }) }],
      '2024-01-03T00:00:00.000Z',
    );
    expect(fourth[0]?.item.changedAt).toBe('2024-01-03T00:00:00.001Z');
    const all = await store.listItems('src');
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      content: '<p>edited again</p>',
      enclosures: item({}).enclosures,
      categories: ['a'],
    });
  });

  it('keeps items of different identities apart even with the same title', async () => {
    const { store } = await openTemp();
    await store.saveItems(
      'src',
      [
        { identity: 'id:g1', item: item({}) },
        { identity: 'id:g2', item: item({ id: 'g2' }) },
      ],
      '2024-01-01T00:00:00.000Z',
    );
    expect(await store.listItems('src')).toHaveLength(2);
  });

  it('rolls back a whole batch when one item cannot be written', async () => {
    const { store } = await openTemp();
    const broken = item({ categories: null as unknown as string[] });
    const bad = { identity: null as unknown as string, item: broken };
    await expect(
      store.saveItems('src', [{ identity: 'id:g1', item: item({}) }, bad], '2024-01-01T00:00:00.000Z'),
    ).rejects.toThrow(/cannot save items for src/);
    expect(await store.listItems('src')).toHaveLength(0);
  });

  it('remembers validators only from successful fetches and counts the error streak', async () => {
    const { store, file } = await openTemp();
    const base = { sourceKey: 'src', durationMs: 5, itemsSeen: 0, itemsNew: 0, itemsUpdated: 0 };
    await store.recordFetch({
      ...base,
      startedAt: 'a',
      status: 200,
      error: null,
      validators: { etag: '"e1"', lastModified: 'lm' },
    });
    await store.recordFetch({ ...base, startedAt: 'b', status: 500, error: 'HTTP 500' });
    await store.recordFetch({ ...base, startedAt: 'c', status: null, error: 'timeout' });
    expect(await store.getFetchState('src')).toMatchObject({ etag: '"e1"', lastModified: 'lm' });
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT error_streak, last_error FROM sources').get()).toEqual({
      error_streak: 2,
      last_error: 'timeout',
    });
    expect(db.prepare('SELECT COUNT(*) AS n FROM fetch_log').get()).toEqual({ n: 3 });
    db.close();
  });

  it('records output files per item', async () => {
    const { store } = await openTemp();
    await store.saveItems('src', [{ identity: 'id:g1', item: item({}) }], '2024-01-01T00:00:00.000Z');
    expect(await store.getOutputFile('hexo', 'src', 'id:g1')).toBeNull();
    await store.recordOutputFile('hexo', 'src', 'id:g1', 'a/b/c/x.md');
    await store.recordOutputFile('hexo', 'src', 'id:g1', 'a/b/d/x.md');
    expect(await store.getOutputFile('hexo', 'src', 'id:g1')).toBe('a/b/d/x.md');
  });

  it('lists sources with their item counts and every item newest first', async () => {
    const { store } = await openTemp();
    await store.registerSource({ key: 'other', location: 'https://b.cn/feed', categories: ['x', 'y', 'z'] });
    await store.saveItems(
      'src',
      [{ identity: 'id:old', item: item({ id: 'old', published: '2020-01-01T00:00:00.000Z' }) }],
      'now',
    );
    await store.saveItems(
      'other',
      [{ identity: 'id:new', item: item({ id: 'new', published: '2022-01-01T00:00:00.000Z' }) }],
      'now',
    );
    const sources = await store.listSources();
    expect(sources.map((s) => [s.key, s.itemCount, s.categories])).toEqual([
      ['src', 1, ['a', 'b', 'c']],
      ['other', 1, ['x', 'y', 'z']],
    ]);
    expect((await store.listAllItems()).map((i) => [i.sourceKey, i.id])).toEqual([
      ['other', 'new'],
      ['src', 'old'],
    ]);
  });

  it('moves the first-seen time of an item saved while the clock ran ahead back when it is seen again', async () => {
    const { store } = await openTemp();
    const ahead = new Date(Date.now() + 365 * 86_400_000).toISOString();
    const [first] = await store.saveItems(
      'src',
      [{ identity: 'id:g1', item: item({ published: null }) }],
      ahead,
    );
    // Seen again with the clock right: it was first seen no later than now, and its post's date moves.
    const seenAt = new Date().toISOString();
    const [again] = await store.saveItems(
      'src',
      [{ identity: 'id:g1', item: item({ published: null }) }],
      seenAt,
    );
    expect(again).toMatchObject({ status: 'updated', item: { firstSeenAt: seenAt, lastSeenAt: seenAt } });
    expect((again?.item.changedAt ?? '') > (first?.item.changedAt ?? '')).toBe(true);
    expect((await store.listItems('src'))[0]?.firstSeenAt).toBe(seenAt);
  });

  it('refuses items of an unregistered source with a message naming it', async () => {
    const { store } = await openTemp();
    await expect(store.saveItems('nope', [], 'x')).rejects.toThrow(/source nope is not registered/);
  });
});

describe('watch schedule state', () => {
  const fetch = {
    sourceKey: 'src',
    durationMs: 5,
    itemsSeen: 0,
    itemsNew: 0,
    itemsUpdated: 0,
  };

  it('keeps the poll hint through a 304 and a failure, and clears it when a feed drops it', async () => {
    const { store } = await openTemp();
    const hint = async (): Promise<unknown> => (await store.listSources())[0]?.pollHint;
    await store.recordFetch({
      ...fetch,
      startedAt: '2025-01-01T00:00:00.000Z',
      status: 200,
      error: null,
      pollHint: { seconds: 3600, from: 'ttl' },
    });
    expect(await hint()).toEqual({ seconds: 3600, from: 'ttl' });
    await store.recordFetch({ ...fetch, startedAt: '2025-01-01T01:00:00.000Z', status: 304, error: null });
    expect(await hint()).toEqual({ seconds: 3600, from: 'ttl' });
    await store.recordFetch({
      ...fetch,
      startedAt: '2025-01-01T02:00:00.000Z',
      status: 500,
      error: 'HTTP 500',
    });
    expect(await hint()).toEqual({ seconds: 3600, from: 'ttl' });
    await store.recordFetch({
      ...fetch,
      startedAt: '2025-01-01T03:00:00.000Z',
      status: 200,
      error: null,
      pollHint: null,
    });
    expect(await hint()).toBeNull();
  });

  it('keeps the due time and its reason across a restart', async () => {
    const { store: first, file } = await openTemp();
    await first.recordFetch({
      ...fetch,
      startedAt: '2025-01-01T00:00:00.000Z',
      status: 200,
      error: null,
      pollHint: { seconds: 600, from: 'max-age' },
    });
    await first.recordSchedule('src', { dueAt: '2025-01-01T00:10:00.000Z', reason: 'hint: max-age 10 min' });
    await first.close();
    store = openSqliteStore(file);
    expect((await store.listSources())[0]).toMatchObject({
      pollHint: { seconds: 600, from: 'max-age' },
      nextDueAt: '2025-01-01T00:10:00.000Z',
      dueReason: 'hint: max-age 10 min',
    });
  });

  it('keeps 30 days of fetch log per source, so a daemon running for months does not grow it forever', async () => {
    const { store, file } = await openTemp();
    const day = 86_400_000;
    const t0 = Date.parse('2025-01-01T00:00:00.000Z');
    // Four fetches a day for 90 days, one new item each.
    for (let i = 0; i < 360; i++) {
      const startedAt = new Date(t0 + (i * day) / 4).toISOString();
      await store.recordFetch({ ...fetch, startedAt, status: 200, error: null, itemsNew: 1 });
    }
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT COUNT(*) AS n FROM fetch_log').get() as { n: number };
    db.close();
    expect(rows.n).toBeLessThanOrEqual(4 * 30 + 1);
  });
});
