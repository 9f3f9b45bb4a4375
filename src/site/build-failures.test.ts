import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NewsmillError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { prepareDemoStore, withSiteOutput, type DemoStore } from '../test-support/demo-build.js';
import { buildSite } from './build-site.js';
import type * as contentPoolModule from './content-pool.js';
import type { ContentPool } from './content-pool.js';

// Error injection: the test switches the pool's failures on; off, the real pool runs.
const faults = vi.hoisted(() => ({
  threaded: false,
  load: null as Error | null,
  search: null as Error | null,
}));

vi.mock('./content-pool.js', async (importOriginal) => {
  const real = await importOriginal<typeof contentPoolModule>();
  return {
    ...real,
    createContentPool: (): ContentPool => {
      const pool = real.createContentPool();
      return {
        expect: (jobs) => pool.expect(jobs),
        get threaded() {
          return faults.threaded || pool.threaded;
        },
        load: (reader, jobs) => (faults.load ? Promise.reject(faults.load) : pool.load(reader, jobs)),
        searchBlock: (layout, docs) =>
          faults.search ? Promise.reject(faults.search) : pool.searchBlock(layout, docs),
        close: () => pool.close(),
      };
    },
  };
});

let demo: DemoStore;
let scratch = '';

beforeAll(async () => {
  demo = await prepareDemoStore();
  scratch = mkdtempSync(path.join(tmpdir(), 'newsmill-build-failures-'));
});
afterAll(async () => {
  await demo.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

/** Builds into a fresh folder with `store` and returns what the build threw. */
async function failure(name: string, store: Store = demo.store): Promise<unknown> {
  const config = withSiteOutput(demo.config, path.join(scratch, name));
  return buildSite({ config, store }).then(
    () => null,
    (error: unknown) => error,
  );
}

describe('a build whose background work fails', () => {
  it('fails with an ArticleLoadError naming the posts when the store cannot read articles', async () => {
    const store = Object.create(demo.store) as Store;
    const cause = new Error('disk gone');
    store.getItems = () => Promise.reject(cause);
    store.getItemsWithoutBodies = () => Promise.reject(cause);
    const error = await failure('in-process', store);
    expect(error).toBeInstanceOf(NewsmillError);
    expect((error as Error).name).toBe('ArticleLoadError');
    expect((error as Error).message).toMatch(/cannot load the articles of \d+ posts? \(.+\)/);
    expect((error as Error).cause).toBe(cause);
  });

  it('fails with an ArticleLoadError when the worker threads cannot read articles', async () => {
    faults.threaded = true;
    faults.load = new Error('worker gone');
    try {
      const error = await failure('threaded-load');
      expect((error as Error).name).toBe('ArticleLoadError');
      expect((error as Error).cause).toBe(faults.load);
    } finally {
      faults.threaded = false;
      faults.load = null;
    }
  });

  for (const threaded of [false, true])
    it(`fails with a SearchIndexError naming the block when a search block cannot be built (${threaded ? 'threaded' : 'in-process'})`, async () => {
      faults.threaded = threaded;
      faults.search = new Error('out of memory');
      try {
        const error = await failure(`search-${threaded}`);
        expect((error as Error).name).toBe('SearchIndexError');
        expect((error as Error).message).toMatch(/search index block of posts 1–\d+/);
        expect((error as Error).cause).toBe(faults.search);
      } finally {
        faults.threaded = false;
        faults.search = null;
      }
    });
});
