import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import type { Config } from '../config/resolve-config.js';
import type { SourceRecord } from '../store/store.js';
import { startFaultServer, type FaultServer } from '../test-support/fault-server.js';
import { startLoopbackServer } from '../test-support/loopback-server.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { openTestStore } from '../test-support/test-store.js';
import { watchSources, type WatchCycle } from './watch.js';
import { nextFetchOf, pollIntervalOf } from './watch-schedule.js';
import { storeFileOf } from '../test-support/store-file.js';

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => server.close());

function makeConfig(text: string): Config {
  const dir = tempFolder('newsmill-watch-');
  return parseConfigText(text, path.join(dir, 'newsmill.yaml'), {});
}

describe('poll intervals', () => {
  const config = parseConfigText(
    'sources:\n  - { url: "https://a.cn/f", categories: [a, b, c] }\n  - { url: "https://a.cn/g", categories: [a, b, d], interval: 5 }\n',
    '/x/newsmill.yaml',
    {},
  );
  const [adaptive, fixed] = config.sources as [Config['sources'][number], Config['sources'][number]];
  const record = (perDay: number, hintSeconds: number | null = null): SourceRecord =>
    ({
      newItemsPerDay: perDay,
      pollHint: hintSeconds === null ? null : { seconds: hintSeconds, from: 'max-age' },
      lastAttemptAt: '2024-01-01T00:00:00.000Z',
      nextAttemptAt: null,
      errorStreak: 0,
    }) as SourceRecord;

  it('uses the configured interval, clamped to the bounds', () => {
    expect(pollIntervalOf(fixed, undefined, config).ms).toBe(10 * 60_000);
  });

  it('follows the server cache hint, then the publishing rate', () => {
    expect(pollIntervalOf(adaptive, record(0, 1800), config).ms).toBe(30 * 60_000);
    expect(pollIntervalOf(adaptive, record(48), config).ms).toBe(30 * 60_000);
    expect(pollIntervalOf(adaptive, record(0.1), config).ms).toBe(720 * 60_000);
    expect(pollIntervalOf(adaptive, record(1000), config).ms).toBe(10 * 60_000);
  });

  it('is due at once when never fetched, and never before its backoff ends', () => {
    expect(nextFetchOf(adaptive, undefined, config).dueAt).toBe(0);
    const backingOff = { ...record(1), errorStreak: 1, nextAttemptAt: '2024-01-01T00:10:00.000Z' };
    const now = new Date('2024-01-01T00:00:30.000Z');
    expect(nextFetchOf(adaptive, backingOff, config, now).dueAt).toBe(Date.parse('2024-01-01T00:10:00.000Z'));
  });
});

describe('watchSources', () => {
  it('fetches due sources each cycle and debounces rebuilds into one', async () => {
    const config = makeConfig(
      `output: { hexo: hexo }\nwatch: { minIntervalMinutes: 0.001, rebuildDelaySeconds: 0.2 }\nsources:\n  - { url: "${server.url}/ok", categories: [a, b, c], interval: 0.002 }\n`,
    );
    const store = openTestStore(storeFileOf(config));
    const stop = new AbortController();
    const cycles: WatchCycle[] = [];
    let rebuilds = 0;
    await watchSources({
      config,
      store,
      signal: stop.signal,
      maxSleepMs: 50,
      rebuild: async () => {
        rebuilds++;
      },
      onCycle: (cycle) => {
        cycles.push(cycle);
        if (cycles.length === 3) stop.abort();
      },
    });
    expect(cycles.map((c) => c.number)).toEqual([1, 2, 3]);
    expect(cycles[0]?.summary.itemsNew).toBe(3);
    expect(cycles[1]?.summary.itemsUnchanged).toBe(3);
    // Changes only came in cycle 1; the pending rebuild ran once, at the latest when stopping.
    expect(rebuilds).toBe(1);
  });

  it('lets an in-flight fetch finish when stopped, and records it', async () => {
    const config = makeConfig(
      `output: { hexo: hexo }\nsources:\n  - { url: "${server.url}/slow/300/w", categories: [a, b, c] }\n`,
    );
    const store = openTestStore(storeFileOf(config));
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    const started = Date.now();
    await watchSources({ config, store, signal: stop.signal });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    const [record] = await store.listSources();
    expect(record).toMatchObject({ errorStreak: 0, itemCount: 3 });
  });

  it("keeps each source's hint and due time across a restart", async () => {
    let requests = 0;
    const feed = await startLoopbackServer((_request, response) => {
      requests++;
      response.writeHead(200, { 'content-type': 'application/rss+xml', 'cache-control': 'max-age=1' });
      response.end(
        '<rss version="2.0"><channel><title>T</title><link>http://127.0.0.1/</link><item><guid>a</guid><title>A</title></item></channel></rss>',
      );
    });
    try {
      const config = makeConfig(
        `watch: { minIntervalMinutes: 0.001 }\nsources:\n  - { url: "${feed.url}/f", categories: [a, b, c] }\n`,
      );
      let store = openTestStore(storeFileOf(config));
      const first = new AbortController();
      await watchSources({ config, store, signal: first.signal, onCycle: () => first.abort() });
      expect(requests).toBe(1);
      await store.close();

      // A new daemon on the same store: the 1 s hint still holds, not an hour's adaptive guess.
      store = openTestStore(storeFileOf(config));
      const [record] = await store.listSources();
      expect(record).toMatchObject({
        pollHint: { seconds: 1, from: 'max-age' },
        dueReason: 'hint: max-age 1 s',
      });
      expect(Date.parse(record?.nextDueAt ?? '')).toBe(Date.parse(record?.lastAttemptAt ?? '') + 1000);
      const second = new AbortController();
      setTimeout(() => second.abort(), 2500);
      await watchSources({ config, store, signal: second.signal, maxSleepMs: 100 });
      expect(requests).toBeGreaterThanOrEqual(2);
    } finally {
      await feed.close();
    }
  });
});
