import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { HEADER_QUERY } from './sqlite-item-headers.js';
import { openSqliteStore } from './sqlite-store.js';

// How SQLite reads headers; what they hold, and their order, is in store-contract-items.test.ts.
describe('item headers', () => {
  it('reads headers from the covering index, never from the table rows that hold the bodies', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-headers-'));
    try {
      const file = path.join(dir, 'store.db');
      await openSqliteStore(file).close();
      const db = new Database(file, { readonly: true });
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${HEADER_QUERY}`).all() as Array<{ detail: string }>;
      db.close();
      expect(plan.map((step) => step.detail)).toEqual([
        'SCAN items USING COVERING INDEX items_headers_by_date',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
