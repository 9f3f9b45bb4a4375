import { describe, expect, it } from 'vitest';
import { StoreValueError } from './store-values.js';
import { openSqliteStore } from './sqlite-store.js';
import { parseStoreInstant } from './store-instant.js';

const POLICY = { maxAgeDays: 1, maxItemsPerSource: null };

describe('instants passed to the store', () => {
  it('reads what toISOString writes, to the millisecond, and the same instant written with an offset', () => {
    expect(parseStoreInstant('2026-01-02T03:04:05.678Z', 'now').toISOString()).toBe(
      '2026-01-02T03:04:05.678Z',
    );
    expect(parseStoreInstant('2026-01-02T11:04:05+08:00', 'now').toISOString()).toBe(
      '2026-01-02T03:04:05.000Z',
    );
  });

  it('refuses anything else: a date alone, no zone, words, a month that does not exist', () => {
    for (const value of [
      '2026-01-02',
      '2026-01-02T03:04:05',
      'now',
      'Thu, 01 Jan 2026 00:00:00 GMT',
      '2026-13-40T00:00:00.000Z',
      '',
    ])
      expect(() => parseStoreInstant(value, 'findExpiredItems: now'), value).toThrow(StoreValueError);
  });

  it('refuses a bad now before it becomes a retention cutoff, and deletes nothing', async () => {
    const store = openSqliteStore(':memory:');
    try {
      await store.registerSource({ key: 'a', location: '/a.xml', categories: ['a', 'b', 'c'] });
      const item = {
        id: '1',
        title: 't',
        link: null,
        published: '2020-01-01T00:00:00.000Z',
        updated: null,
        author: null,
        summary: null,
        content: null,
        categories: [],
        enclosures: [],
        image: null,
        baseUrl: null,
      };
      await store.saveItems('a', [{ identity: 'id:1', item }], '2020-01-01T00:00:00.000Z');
      await expect(store.findExpiredItems(POLICY, 'Thu, 01 Jan 2026 00:00:00 GMT')).rejects.toThrow(
        /findExpiredItems: now "Thu, 01 Jan 2026 00:00:00 GMT" is not an ISO 8601 time/,
      );
      await expect(store.removeExpiredItems([{ sourceKey: 'a', identity: 'id:1' }], '')).rejects.toThrow(
        StoreValueError,
      );
      await expect(store.noteRemovedSources([], 'yesterday')).rejects.toThrow(StoreValueError);
      await expect(store.listRemovedSources([], '2026')).rejects.toThrow(StoreValueError);
      expect(await store.listAllItems()).toHaveLength(1);
      expect(await store.findExpiredItems(POLICY, '2026-01-01T00:00:00.000Z')).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
