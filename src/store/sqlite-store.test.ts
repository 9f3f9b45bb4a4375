import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempFolder } from '../test-support/temp-folder.js';
import { openTestStore } from '../test-support/test-store.js';
import { SCHEMA_VERSION } from './migrations.js';
import type { Store } from './store.js';

async function openTemp(): Promise<{ store: Store; file: string }> {
  const file = path.join(tempFolder('newsmill-store-'), 'nested', 'newsmill.db');
  const store = openTestStore(file);
  await store.registerSource({ key: 'src', location: '/feeds/a.xml', categories: ['a', 'b', 'c'] });
  return { store, file };
}

// What only the SQLite store does: the file, its WAL mode, its rows. What every store does is in
// store-contract*.test.ts, which runs against SQLite and PostgreSQL.

describe('SQLite store', () => {
  it('creates the file in WAL mode at the current schema version', async () => {
    const { file } = await openTemp();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('keeps 30 days of fetch log per source, so a daemon running for months does not grow it forever', async () => {
    const { store, file } = await openTemp();
    const fetch = { sourceKey: 'src', durationMs: 5, itemsSeen: 0, itemsUpdated: 0 };
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
