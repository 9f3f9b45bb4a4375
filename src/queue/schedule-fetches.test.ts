import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { hasTestPostgres, useTestPostgres, type TestPostgres } from '../test-support/test-postgres.js';
import { fetchJobId } from './fetch-job.js';
import { FETCH_QUEUE, openFetchQueue, type FetchQueue } from './fetch-queue.js';
import { registerConfiguredSources, scheduleDueSources } from './schedule-fetches.js';

const MINUTE = 60_000;
const SETTINGS = { heartbeatSeconds: 10, pollSeconds: 0.5, retryLimit: 2 };
const quiet = { role: 'test', connections: 2, onError: () => undefined };
const config = parseConfigText(
  [
    'fetch: { backoffMinutes: 10, maxBackoffHours: 24 }',
    'watch: { minIntervalMinutes: 1 }',
    'sources:',
    '  - { url: "https://a.example/new", categories: [a, b, c] }',
    '  - { url: "https://a.example/fresh", categories: [a, b, d], interval: 60 }',
    '  - { url: "https://b.example/failing", categories: [a, b, e] }',
    '  - { url: "https://b.example/soon", categories: [a, b, f], interval: 5 }',
  ].join('\n'),
  '/x/newsmill.yaml',
  {},
);
const [fresh, newSource, failing, soon] = ['fresh', 'new', 'failing', 'soon'].map(
  (name) => config.sources.find((source) => source.key.endsWith(`/${name}`))?.key ?? '',
) as [string, string, string, string];

describe.skipIf(!hasTestPostgres)('scheduling due sources into the queue', () => {
  let database: TestPostgres;
  let dir: string;
  const queues: FetchQueue[] = [];
  const stores: Store[] = [];
  beforeAll(async () => {
    database = await useTestPostgres();
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-schedule-'));
  });
  afterAll(async () => {
    for (const queue of queues) await queue.close().catch(() => undefined);
    for (const store of stores) await store.close().catch(() => undefined);
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A store where `fresh`, `failing` and `soon` were fetched before `now`, and `gone` left the config. */
  async function seededStore(name: string, now: number): Promise<Store> {
    const store = openSqliteStore(path.join(dir, `${name}.db`));
    stores.push(store);
    await store.registerSource({
      key: 'https://gone.example/feed',
      location: 'https://gone.example/feed',
      categories: [],
    });
    for (const source of config.sources) await store.registerSource(source);
    const fetched = { durationMs: 5, itemsSeen: 0, itemsNew: 0, itemsUpdated: 0 };
    const at = (offset: number): string => new Date(now + offset).toISOString();
    await store.recordFetch({
      ...fetched,
      sourceKey: fresh,
      startedAt: at(-10 * MINUTE),
      status: 200,
      error: null,
    });
    await store.recordFetch({
      ...fetched,
      sourceKey: soon,
      startedAt: at(-4.5 * MINUTE),
      status: 200,
      error: null,
    });
    await store.recordFetch({
      ...fetched,
      sourceKey: failing,
      startedAt: at(-20 * MINUTE),
      status: 500,
      error: 'HTTP 500',
      nextAttemptAt: at(-10 * MINUTE),
    });
    return store;
  }

  async function queueFor(schema: string): Promise<FetchQueue> {
    const queue = await openFetchQueue({ kind: 'postgres', url: database.url, schema }, SETTINGS, quiet);
    queues.push(queue);
    return queue;
  }

  it('enqueues what is due within the horizon, at its due time, grouped by host, and stores each decision', async () => {
    const now = Date.now();
    const store = await seededStore('one', now);
    const queue = await queueFor('one');
    expect(await registerConfiguredSources(config, store)).toEqual([]);
    expect(
      (
        await store.listRemovedSources(
          config.sources.map((s) => s.key),
          new Date().toISOString(),
        )
      ).map((s) => s.key),
    ).toEqual(['https://gone.example/feed']);

    const pass = await scheduleDueSources(config, store, queue, { now: new Date(now), horizonMs: MINUTE });
    expect(pass).toEqual({ due: 3, enqueued: 3, nextDueAt: now - 10 * MINUTE + 60 * MINUTE });
    const records = new Map((await store.listSources()).map((record) => [record.key, record]));
    expect(records.get(newSource)).toMatchObject({
      nextDueAt: '1970-01-01T00:00:00.000Z',
      dueReason: 'due now: never fetched',
    });
    expect(records.get(failing)?.dueReason).toBe('due now: backoff after 1 failure ended');
    expect(records.get(fresh)?.nextDueAt).toBe(new Date(now + 50 * MINUTE).toISOString());

    const soonDue = new Date(now + 30_000).toISOString();
    const [job] = await queue.boss.findJobs(FETCH_QUEUE, { id: fetchJobId(soon, soonDue) });
    expect(job?.data).toEqual({ sourceKey: soon, dueAt: soonDue, after: records.get(soon)?.lastAttemptAt });
    expect(job?.startAfter.toISOString()).toBe(soonDue);
    expect(job?.groupId).toBe('b.example');
    expect(job?.singletonKey).toBe(soon);

    // The next pass finds every due time taken.
    expect(await scheduleDueSources(config, store, queue, { horizonMs: MINUTE })).toMatchObject({
      due: 3,
      enqueued: 0,
    });
    // Even once the jobs are done: a scheduler that read the store before the fetches were
    // recorded computes the same due times, and their ids are refused.
    const taken = await queue.boss.fetch(FETCH_QUEUE, { batchSize: 10, ignoreStartAfter: true });
    expect(taken).toHaveLength(3);
    await queue.boss.complete(
      FETCH_QUEUE,
      taken.map((job) => job.id),
    );
    expect(await scheduleDueSources(config, store, queue, { horizonMs: MINUTE })).toMatchObject({
      due: 3,
      enqueued: 0,
    });
  });

  it('enqueues each due time once when several schedulers run at the same moment', async () => {
    const now = Date.now();
    const store = await seededStore('race', now);
    const racers = await Promise.all([1, 2, 3, 4].map(() => queueFor('race')));
    const passes = await Promise.all(
      racers.map((queue) =>
        scheduleDueSources(config, store, queue, { now: new Date(now), horizonMs: MINUTE }),
      ),
    );
    expect(passes.map((pass) => pass.due)).toEqual([3, 3, 3, 3]);
    expect(passes.reduce((sum, pass) => sum + pass.enqueued, 0)).toBe(3);
    const jobs = await racers[0]?.boss.findJobs(FETCH_QUEUE, {});
    expect(jobs?.map((job) => (job.data as { sourceKey: string }).sourceKey).sort()).toEqual(
      [failing, newSource, soon].sort(),
    );
  });
});
