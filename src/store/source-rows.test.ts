import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sourceRecordOf, type SourceRow } from './source-rows.js';
import { openSqliteStore } from './sqlite-store.js';
import { StoreValueError } from './store-values.js';

const row: SourceRow = {
  key: 'feeds/a.xml',
  location: 'feeds/a.xml',
  categories: '["科技","cnBeta","最新"]',
  last_attempt_at: null,
  last_success_at: null,
  last_error: null,
  error_streak: 0,
  item_count: 3,
  next_attempt_at: null,
  moved_to: null,
  served_by: null,
  poll_hint_seconds: 600,
  poll_hint_from: 'ttl',
  next_due_at: null,
  due_reason: null,
  fetched_by: null,
  new_total: 12,
  first_fetch: '2026-12-01T00:00:00.000Z',
};

describe('a source row read back', () => {
  it('gives the record, its hint and its rate over the days since the first fetch', () => {
    const record = sourceRecordOf(row, new Date('2026-12-05T00:00:00.000Z'));
    expect(record.categories).toEqual(['科技', 'cnBeta', '最新']);
    expect(record.pollHint).toEqual({ seconds: 600, from: 'ttl' });
    expect(record.newItemsPerDay).toBe(3);
  });

  it.each(['not json', '{"a":1}', '["科技",2]', 'null'])(
    'refuses categories %j, naming the source',
    (categories) => {
      expect(() => sourceRecordOf({ ...row, categories }, new Date())).toThrow(StoreValueError);
      expect(() => sourceRecordOf({ ...row, categories }, new Date())).toThrow(
        /bad categories for feeds\/a\.xml/,
      );
    },
  );

  it('drops a hint that is no positive number of seconds from a known field', () => {
    expect(sourceRecordOf({ ...row, poll_hint_seconds: -5 }, new Date()).pollHint).toBeNull();
    expect(sourceRecordOf({ ...row, poll_hint_from: 'guess' }, new Date()).pollHint).toBeNull();
  });

  it('is checked by the SQLite store too, not passed on as it stands (an edited store)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-source-rows-'));
    try {
      const file = path.join(dir, 'newsmill.db');
      const store = openSqliteStore(file);
      await store.registerSource({
        key: 'feeds/a.xml',
        location: 'feeds/a.xml',
        categories: ['a', 'b', 'c'],
      });
      await store.close();
      const db = new Database(file);
      db.prepare('UPDATE sources SET categories = \'{"top":1}\'').run();
      db.close();
      const reopened = openSqliteStore(file);
      await expect(reopened.listSources()).rejects.toThrow(/bad categories for feeds\/a\.xml/);
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
