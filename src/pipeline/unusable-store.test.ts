import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import type { Config } from '../config/resolve-config.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { StoreUnusableError } from '../store/store-faults.js';
import type { Store } from '../store/store.js';
import { damageTable } from '../test-support/damaged-store.js';
import { copyDemo } from '../test-support/demo-site.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { openTestStore } from '../test-support/test-store.js';
import { runAllSources, type RunEvent } from './run-all.js';
import { storeFileOf } from '../test-support/store-file.js';

/** The demo's six local feeds (with Hexo output), two at a time. */
function demoConfig(): Config {
  const dir = copyDemo(tempFolder('newsmill-unusable-'));
  const config = loadConfig(path.join(dir, 'newsmill.yaml'), {});
  return { ...config, fetch: { ...config.fetch, concurrency: 2, perHost: 2 } };
}

/** Wraps a store to log which sources started and any call made after `ended` is set. */
function watched(real: Store, fail?: { method: keyof Store; error: Error; once?: boolean }) {
  const log = {
    registered: [] as string[],
    registeredAfterFault: [] as string[],
    late: [] as string[],
    ended: false,
    failed: false,
  };
  const store = new Proxy(real, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (log.ended) log.late.push(String(name));
        if (name === 'registerSource') {
          log.registered.push((args[0] as { key: string }).key);
          if (log.failed) log.registeredAfterFault.push((args[0] as { key: string }).key);
        }
        if (name === fail?.method && !(fail.once && log.failed)) {
          log.failed = true;
          throw fail.error;
        }
        try {
          return await (value as (...a: unknown[]) => unknown).apply(target, args);
        } catch (error) {
          if (error instanceof StoreUnusableError) log.failed = true;
          throw error;
        }
      };
    },
  });
  return { store, log };
}

/** Runs until the run rejects, then checks that nothing was reported or used afterwards. */
async function expectStopped(config: Config, watchedStore: ReturnType<typeof watched>): Promise<unknown> {
  const events: RunEvent[] = [];
  const running = runAllSources({ config, store: watchedStore.store, onEvent: (e) => events.push(e) });
  const error = await running.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  watchedStore.log.ended = true;
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(error).toBeInstanceOf(StoreUnusableError);
  // No source started after the fault but the other one of the two fetched at once, started in the
  // same moment (posts are written behind the fetches, so sources ingested before the fault may be
  // more than two), none was reported as failed, and nothing used the store once the run had ended
  // (the caller closes it then: later calls failed "connection not open").
  expect(watchedStore.log.registered.length).toBeGreaterThan(0);
  expect(watchedStore.log.registeredAfterFault.length).toBeLessThanOrEqual(1);
  expect(events.filter((event) => event.type === 'source-done')).toEqual([]);
  expect(watchedStore.log.late).toEqual([]);
  return error;
}

describe('a run on a store that cannot be used', () => {
  it('stops at the first damaged save instead of failing every source', async () => {
    const config = demoConfig();
    await openSqliteStore(storeFileOf(config)).close();
    damageTable(storeFileOf(config), 'items');
    const store = openTestStore(storeFileOf(config));
    const error = await expectStopped(config, watched(store));
    expect(error).toMatchObject({ fault: 'damaged', file: storeFileOf(config) });
  });

  it.each(['recordOutputFiles', 'recordFetch'] as const)(
    'stops when %s finds the store unusable',
    async (method) => {
      const config = demoConfig();
      const store = openTestStore(storeFileOf(config));
      const fault = new StoreUnusableError('the disk is full', 'full', storeFileOf(config));
      const error = await expectStopped(config, watched(store, { method, error: fault }));
      expect(error).toBe(fault);
    },
  );

  it('waits for the sources in flight when one fails outside its fetch, and starts no other', async () => {
    const config = demoConfig();
    const store = openTestStore(storeFileOf(config));
    const fault = new StoreUnusableError('the disk is full', 'full', storeFileOf(config));
    const error = await expectStopped(
      config,
      watched(store, { method: 'registerSource', error: fault, once: true }),
    );
    expect(error).toBe(fault);
  });
});
