import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../core/errors.js';
import type { FeedItem } from '../core/model.js';
import { openItemReader } from './item-reader.js';
import { openSqliteStore } from './sqlite-store.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const item: FeedItem = {
  id: '1',
  title: '标题',
  link: 'https://a.example.cn/1',
  published: '2026-01-02T03:04:05.678Z',
  updated: null,
  author: null,
  summary: null,
  content: '<p>正文</p>',
  categories: [],
  enclosures: [],
  image: null,
  baseUrl: null,
};

describe('item readers', () => {
  it('open the view a store file hands out, survive a structured clone, and read its items', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-reader-'));
    const store = openSqliteStore(path.join(dir, 'store.db'));
    await store.registerSource({ key: 'a', location: '/a.xml', categories: ['a', 'b', 'c'] });
    await store.saveItems('a', [{ identity: 'id:1', item }], '2026-01-02T03:04:05.678Z');
    const spec = store.itemReaderSpec?.();
    if (!spec) throw new Error('a file store can be shared');
    // What a worker thread receives: a copy made by postMessage.
    const reader = openItemReader(structuredClone(spec));
    try {
      const [found, gone] = reader.getItems([
        { sourceKey: 'a', identity: 'id:1' },
        { sourceKey: 'a', identity: 'id:2' },
      ]);
      expect(found).toMatchObject({ sourceKey: 'a', identity: 'id:1', content: '<p>正文</p>' });
      expect(gone).toBeNull();
    } finally {
      reader.close();
      await store.close();
    }
  });

  it('read long texts as the text the store holds: any script, empty, and values stored by hand', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-reader-'));
    const file = path.join(dir, 'store.db');
    const store = openSqliteStore(file);
    await store.registerSource({ key: 'a', location: '/a.xml', categories: ['a', 'b', 'c'] });
    const text = '<p>汉字 かな 한글 é 😀 \u{20000} “引号” △</p>';
    await store.saveItems(
      'a',
      [
        { identity: 'id:1', item: { ...item, content: text, summary: '' } },
        { identity: 'id:2', item: { ...item, id: '2', content: null, summary: '摘要 😀' } },
      ],
      '2026-01-02T03:04:05.678Z',
    );
    const refs = [
      { sourceKey: 'a', identity: 'id:1' },
      { sourceKey: 'a', identity: 'id:2' },
    ];
    const [first, second] = await store.getItems(refs);
    expect(first).toMatchObject({ content: text, summary: '' });
    expect(second).toMatchObject({ content: null, summary: '摘要 😀' });
    expect(await store.getItems(refs)).toEqual(
      (await store.listAllItems()).sort((a, b) => a.identity.localeCompare(b.identity)),
    );
    await store.close();
    // Edited by hand: a number and a blob where text belongs read as their text.
    const db = new Database(file);
    db.prepare("UPDATE items SET content = 42, summary = CAST('字节' AS BLOB) WHERE identity = 'id:1'").run();
    db.close();
    const edited = openSqliteStore(file);
    const [byHand] = await edited.getItems(refs);
    expect(byHand).toMatchObject({ content: '42', summary: '字节' });
    // Every read gives the same, those that select whole rows included.
    expect((await edited.listAllItems()).find((stored) => stored.identity === 'id:1')).toEqual(byHand);
    expect((await edited.listItems('a')).find((stored) => stored.identity === 'id:1')).toEqual(byHand);
    await edited.close();
  });

  it('are not handed out by a store in memory', async () => {
    const store = openSqliteStore(':memory:');
    expect(store.itemReaderSpec?.() ?? null).toBeNull();
    await store.close();
  });

  it('refuse a spec no SQLite store made, naming it', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-reader-'));
    for (const spec of [null, { kind: 'postgres', url: 'postgres://db/x' }, { kind: 'sqlite', file: 5 }])
      expect(() => openItemReader({ id: 'elsewhere:1', spec })).toThrow(
        new StoreError(
          'cannot open an item reader for elsewhere:1: only a SQLite store can be read from another thread',
        ),
      );
  });
});
