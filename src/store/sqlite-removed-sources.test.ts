import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedItem } from '../core/model.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';
import { identifiedItem } from '../test-support/identified-item.js';

const item = (id: string): { identity: string; item: FeedItem } =>
  identifiedItem(id, { published: '2024-01-01T00:00:00Z' });

async function seeded(store: Store): Promise<Store> {
  for (const key of ['a', 'b']) {
    await store.registerSource({ key, location: `/${key}.xml`, categories: ['x', key, 'c'] });
    await store.saveItems(key, [item(`${key}1`), item(`${key}2`)], '2024-01-02T00:00:00Z');
    await store.recordOutputFile('hexo', key, `id:${key}1`, `x/${key}/c/${key}1.md`);
  }
  return store;
}

const DAY5 = '2024-02-05T00:00:00.000Z';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

// Removed sources in SQLite, whose rows may hold any text; what every store does is in
// store-contract-sources.test.ts.
describe('removed sources', () => {
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
