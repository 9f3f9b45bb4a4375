import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from './sqlite-store.js';
import type { FetchRecord, Store } from './store.js';

let dir = '';
let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
  rmSync(dir, { recursive: true, force: true });
});

const fetch = (startedAt: string, error: string | null, fetchedBy?: string): FetchRecord => ({
  sourceKey: 'https://a.example/feed',
  startedAt,
  durationMs: 10,
  status: error ? 500 : 200,
  error,
  itemsSeen: 0,
  itemsNew: 0,
  itemsUpdated: 0,
  fetchedBy,
});

describe('which worker fetched a source (SQLite)', () => {
  it('is kept from each attempt, failed or not, and cleared by a fetch no worker made', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-fetched-by-'));
    const file = path.join(dir, 'newsmill.db');
    store = openSqliteStore(file);
    await store.registerSource({
      key: 'https://a.example/feed',
      location: 'https://a.example/feed',
      categories: [],
    });
    const fetchedBy = async (): Promise<string | null | undefined> =>
      (await store?.listSources())?.[0]?.lastFetchedBy;
    expect(await fetchedBy()).toBeNull();

    await store.recordFetch(fetch('2026-01-01T00:00:00.000Z', null, 'host-a:101'));
    expect(await fetchedBy()).toBe('host-a:101');
    await store.recordFetch(fetch('2026-01-01T01:00:00.000Z', 'HTTP 500', 'host-b:202'));
    expect(await fetchedBy()).toBe('host-b:202');
    await store.close();
    store = openSqliteStore(file);
    expect(await fetchedBy()).toBe('host-b:202');
    // `newsmill run` on one machine is no worker: the column must not keep naming the last one.
    await store.recordFetch(fetch('2026-01-01T02:00:00.000Z', null));
    expect(await fetchedBy()).toBeNull();
  });
});
