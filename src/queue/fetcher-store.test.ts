import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FetchRecord } from '../store/store.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { openTestStore } from '../test-support/test-store.js';
import { withFetcher } from './fetcher-store.js';

const fetch = (startedAt: string, error: string | null): FetchRecord => ({
  sourceKey: 'https://a.example/feed',
  startedAt,
  durationMs: 10,
  status: error ? 500 : 200,
  error,
  itemsSeen: 0,
  itemsNew: 0,
  itemsUpdated: 0,
});

describe('withFetcher', () => {
  it('records which worker made each attempt, failed or not, and a fetch by no worker clears it', async () => {
    const store = openTestStore(path.join(tempFolder('newsmill-fetcher-'), 'newsmill.db'));
    await store.registerSource({
      key: 'https://a.example/feed',
      location: 'https://a.example/feed',
      categories: [],
    });
    const fetchedBy = async (): Promise<string | null> =>
      (await store.listSources())[0]?.lastFetchedBy ?? null;
    expect(await fetchedBy()).toBeNull();

    await withFetcher(store, 'host-a:101').recordFetch(fetch('2026-01-01T00:00:00.000Z', null));
    expect(await fetchedBy()).toBe('host-a:101');
    await withFetcher(store, 'host-b:202').recordFetch(fetch('2026-01-01T01:00:00.000Z', 'HTTP 500'));
    expect(await fetchedBy()).toBe('host-b:202');
    // `newsmill run` on one machine is no worker: the column must not keep naming the last one.
    await store.recordFetch(fetch('2026-01-01T02:00:00.000Z', null));
    expect(await fetchedBy()).toBeNull();
  });

  it('leaves every other method to the store it wraps', async () => {
    const store = openTestStore(path.join(tempFolder('newsmill-fetcher-'), 'newsmill.db'));
    const wrapped = withFetcher(store, 'host-a:1');
    await wrapped.registerSource({ key: 'k', location: 'https://a.example/k', categories: ['a'] });
    expect((await store.listSources()).map((record) => record.key)).toEqual(['k']);
  });
});
