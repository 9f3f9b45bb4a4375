import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import type { Config } from '../config/resolve-config.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { recordFailedFetch } from '../test-support/failed-fetch.js';
import { generateRss, startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server.js';
import { hasTestPostgres, useTestPostgres, type TestPostgres } from '../test-support/test-postgres.js';
import { fetchJobId } from './fetch-job.js';
import { FETCH_QUEUE, openFetchQueue, type FetchJobRequest, type FetchQueue } from './fetch-queue.js';
import { startFetchWorker, type FetchJobReport } from './fetch-worker.js';

const SETTINGS = { heartbeatSeconds: 10, pollSeconds: 0.5, retryLimit: 2 };
const DUE = '1970-01-01T00:00:00.000Z';

describe.skipIf(!hasTestPostgres)('a fetch worker', () => {
  let database: TestPostgres;
  let dir: string;
  let server: LoopbackServer;
  let active = 0;
  let maxActive = 0;
  const requests: string[] = [];
  const open: Array<FetchQueue | Store> = [];
  beforeAll(async () => {
    database = await useTestPostgres();
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-worker-'));
    server = await startLoopbackServer((request, response) => {
      requests.push(request.url ?? '');
      maxActive = Math.max(maxActive, ++active);
      response.on('close', () => active--);
      // Slow enough for jobs to overlap if nothing held them apart; slower for the drain tests.
      const url = request.url ?? '';
      const delay = url.includes('stuck') ? 4000 : url.includes('slow') ? 1500 : 200;
      setTimeout(() => response.end(generateRss(3, url.slice(1))), delay);
    });
  });
  afterEach(async () => {
    // Queues (opened after their store) stop before the store closes under their jobs.
    for (const closable of open.splice(0).reverse()) await closable.close().catch(() => undefined);
  });
  afterAll(async () => {
    await server.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  function configFor(perHost: number, names: string[]): Config {
    const sources = names.map((name) => `  - { url: "${server.url}/${name}", categories: [t, t, ${name}] }`);
    return parseConfigText(
      [`fetch: { perHost: ${perHost} }`, 'sources:', ...sources].join('\n'),
      '/x/newsmill.yaml',
      {},
    );
  }

  async function openQueue(schema: string, settings = SETTINGS): Promise<FetchQueue> {
    const queue = await openFetchQueue({ kind: 'postgres', url: database.url, schema }, settings, {
      role: 'test',
      connections: 4,
      onError: () => undefined,
    });
    open.push(queue);
    return queue;
  }

  /** A worker on its own queue connection (as another process would have) with a shared store. */
  async function startWorker(
    config: Config,
    store: Store,
    schema: string,
    reports: FetchJobReport[],
    name: string,
  ): Promise<FetchQueue> {
    const queue = await openQueue(schema);
    await startFetchWorker({
      config,
      store,
      queue,
      concurrency: 2,
      fetchedBy: name,
      onJob: (r) => reports.push(r),
    });
    return queue;
  }

  function job(sourceKey: string, after: string | null, host = new URL(server.url).host): FetchJobRequest {
    return {
      id: fetchJobId(sourceKey, DUE),
      data: { sourceKey, dueAt: DUE, after },
      startAfter: new Date(0),
      group: host,
    };
  }

  async function until(condition: () => boolean): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('the worker did not finish in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('ingests a due source, records which worker fetched it, and skips jobs it must not run', async () => {
    const config = configFor(2, ['w1', 'w2']);
    const [w1, w2] = config.sources.map((source) => source.key) as [string, string];
    const store = openSqliteStore(path.join(dir, 'one.db'));
    open.push(store);
    for (const source of config.sources) await store.registerSource(source);
    const reports: FetchJobReport[] = [];
    const queue = await startWorker(config, store, 'one', reports, 'host-a:101');
    requests.length = 0;
    await queue.enqueue([
      job(w1, null),
      // Scheduled from an attempt the store no longer holds as the last one: another job fetched since.
      job(w2, '2020-01-01T00:00:00.000Z'),
      job('https://elsewhere.example/feed', null, 'elsewhere.example'),
      { ...job('https://broken.example/feed', null), data: { sourceKey: '', dueAt: 'soon', after: null } },
    ]);
    await until(() => reports.length === 4);
    const byKey = new Map(reports.map((report) => [report.sourceKey, report]));
    expect(byKey.get(w1)).toMatchObject({ result: 'ok', itemsNew: 3 });
    expect(byKey.get(w2)).toMatchObject({
      result: 'skipped',
      detail: expect.stringContaining('already fetched'),
    });
    expect(byKey.get('https://elsewhere.example/feed')).toMatchObject({
      result: 'skipped',
      detail: "not in this worker's config",
    });
    expect(byKey.get('?')).toMatchObject({ result: 'skipped', detail: expect.stringContaining('sourceKey') });
    expect(requests).toEqual(['/w1']);
    expect(await store.listItems(w1)).toHaveLength(3);
    const records = new Map((await store.listSources()).map((record) => [record.key, record]));
    expect(records.get(w1)).toMatchObject({ lastFetchedBy: 'host-a:101', errorStreak: 0 });
    expect(records.get(w2)?.lastAttemptAt).toBeNull();
  });

  it("waits out a backoff that this machine's clock says ends a moment after the job started", async () => {
    const config = configFor(2, ['skewed']);
    const [skewed] = config.sources.map((source) => source.key) as [string];
    const store = openSqliteStore(path.join(dir, 'skew.db'));
    open.push(store);
    await store.registerSource(config.sources[0] as Config['sources'][number]);
    const failedAt = new Date(Date.now() - 60_000).toISOString();
    const backoffEnds = Date.now() + 1500;
    await recordFailedFetch(store, skewed, failedAt, backoffEnds);
    const reports: FetchJobReport[] = [];
    // The scheduler's clock ran a little ahead: it found the source due already.
    const queue = await startWorker(config, store, 'skew', reports, 'host-a:3');
    await queue.enqueue([job(skewed, failedAt)]);
    await until(() => reports.length === 1);
    expect(reports[0]).toMatchObject({ sourceKey: skewed, result: 'ok', itemsNew: 3 });
    expect(Date.now()).toBeGreaterThanOrEqual(backoffEnds);
  });

  it('lets a job in flight finish when stopped, and gives one that outlasts the drain back to the queue', async () => {
    const config = configFor(2, ['slow', 'stuck']);
    const [slow, stuck] = config.sources.map((source) => source.key) as [string, string];
    const store = openSqliteStore(path.join(dir, 'drain.db'));
    open.push(store);
    const reports: FetchJobReport[] = [];
    const queue = await startWorker(config, store, 'drain', reports, 'host-a:7');
    await queue.enqueue([job(slow, null)]);
    await until(() => requests.includes('/slow'));
    await queue.close(10_000);
    expect(reports.map((report) => [report.sourceKey, report.result])).toEqual([[slow, 'ok']]);
    expect(await store.listItems(slow)).toHaveLength(3);

    const next = await startWorker(config, store, 'drain', reports, 'host-a:8');
    await next.enqueue([job(stuck, null)]);
    await until(() => requests.includes('/stuck'));
    const stopping = Date.now();
    await next.close(1000);
    expect(Date.now() - stopping).toBeLessThan(3000);
    const observer = await openQueue('drain');
    const [held] = await observer.boss.findJobs(FETCH_QUEUE, { id: job(stuck, null).id });
    expect(held?.state).toBe('retry');
    // The released fetch still ends in this process, recording what it fetched: a worker taking
    // the job again finds that attempt and skips it.
    await until(() => reports.some((report) => report.sourceKey === stuck));
  });

  it('fetches the next job as soon as one is done, not after the poll interval', async () => {
    const names = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'];
    const config = configFor(2, names);
    const store = openSqliteStore(path.join(dir, 'pace.db'));
    open.push(store);
    // Queued before the worker starts, so that its first fetch finds them.
    const queue = await openQueue('pace', { ...SETTINGS, pollSeconds: 2 });
    await queue.enqueue(config.sources.map((source) => job(source.key, null)));
    const reports: FetchJobReport[] = [];
    const started = Date.now();
    await startFetchWorker({
      config,
      store,
      queue,
      concurrency: 1,
      fetchedBy: 'host-a:5',
      onJob: (r) => reports.push(r),
    });
    await until(() => reports.length === names.length);
    // Six fetches of 0.2 s one after another; waiting out a 2 s poll after each took over 10 s.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(reports.every((report) => report.result === 'ok')).toBe(true);
  });

  it('claims jobs enqueued as due now at once, not at its next poll', async () => {
    const config = configFor(2, ['signalled']);
    const [signalled] = config.sources.map((source) => source.key) as [string];
    const store = openSqliteStore(path.join(dir, 'signal.db'));
    open.push(store);
    const queue = await openQueue('signal', { ...SETTINGS, pollSeconds: 30 });
    const reports: FetchJobReport[] = [];
    await startFetchWorker({
      config,
      store,
      queue,
      concurrency: 2,
      fetchedBy: 'host-a:9',
      onJob: (r) => reports.push(r),
    });
    // Its first claim found nothing: without a signal, the next is 30 s away.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const scheduler = await openQueue('signal', { ...SETTINGS, pollSeconds: 30 });
    const enqueued = Date.now();
    await scheduler.enqueue([job(signalled, null)]);
    await until(() => reports.length === 1);
    expect(reports[0]).toMatchObject({ sourceKey: signalled, result: 'ok' });
    expect(Date.now() - enqueued).toBeLessThan(5000);
  });

  it('holds fetch.perHost across workers: the queue, not each process, limits a host', async () => {
    const names = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    const config = configFor(1, names);
    const store = openSqliteStore(path.join(dir, 'two.db'));
    open.push(store);
    const reports: FetchJobReport[] = [];
    // Two workers of two jobs each: four at once, were it not for the host's limit of one.
    const queue = await startWorker(config, store, 'two', reports, 'host-a:1');
    await startWorker(config, store, 'two', reports, 'host-b:2');
    maxActive = 0;
    await queue.enqueue(config.sources.map((source) => job(source.key, null)));
    await until(() => reports.length === names.length);
    expect(reports.every((report) => report.result === 'ok')).toBe(true);
    expect(maxActive).toBe(1);
    const fetchers = new Set((await store.listSources()).map((record) => record.lastFetchedBy));
    expect(fetchers.size).toBeGreaterThan(0);
  });
});
