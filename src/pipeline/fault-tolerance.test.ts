import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import type { Store } from '../store/store.js';
import { startFaultServer, type FaultServer } from '../test-support/fault-server.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { openTestStore } from '../test-support/test-store.js';
import { runAllSources, type RunSummary } from './run-all.js';
import { storeFileOf } from '../test-support/store-file.js';

let server: FaultServer;
let dir = '';
let store: Store | null = null;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => server.close());

/** Runs the pipeline over the given paths of the fault server, in a fresh folder unless `reuse`. */
async function run(
  paths: string[],
  fetch: Record<string, number> = {},
  options: { force?: boolean; reuse?: boolean } = {},
): Promise<RunSummary> {
  if (!options.reuse) {
    dir = tempFolder('newsmill-fault-');
    store = null; // opened below; the one before is closed when its test finishes
  }
  const sources = paths.map(
    (p, i) => `  - { url: "${p.startsWith('rsshub:') ? p : server.url + p}", categories: [t, s${i}, c] }`,
  );
  const settings = { timeoutMs: 800, retries: 3, retryDelayMs: 10, maxBytes: 1048576, ...fetch };
  const text = `output: { hexo: hexo }\nfetch: ${JSON.stringify(settings)}\nsources:\n${sources.join('\n')}\n`;
  const config = parseConfigText(text, path.join(dir, 'newsmill.yaml'), {});
  store ??= openTestStore(storeFileOf(config));
  return runAllSources({ config, store, force: options.force });
}

const hits = (p: string): number => server.stats.hits.get(p) ?? 0;

describe('retries', () => {
  it('retries 5xx and succeeds when the server recovers', async () => {
    const summary = await run(['/flaky/2']);
    expect(summary.outcomes[0]?.error).toBeNull();
    expect(hits('/flaky/2')).toBe(3);
  });

  it('gives up after the configured attempts with the status in the message', async () => {
    const summary = await run(['/500']);
    expect(summary.outcomes[0]?.error).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/500: HTTP 500/);
    expect(hits('/500')).toBe(3);
  });

  it('does not retry a 404', async () => {
    const summary = await run(['/404']);
    expect(summary.outcomes[0]?.error).toMatch(/HTTP 404/);
    expect(hits('/404')).toBe(1);
  });

  it('honours Retry-After on 429', async () => {
    const started = Date.now();
    const summary = await run(['/429/1']);
    expect(summary.outcomes[0]?.error).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(hits('/429/1')).toBe(2);
  });

  it('retries a connection reset and a hung server, then names the failure', async () => {
    const summary = await run(['/reset', '/hang']);
    expect(summary.outcomes[0]?.error).toMatch(/\/reset: connection (reset|closed)/);
    expect(summary.outcomes[1]?.error).toMatch(/\/hang: timed out after 800 ms/);
    expect(hits('/reset')).toBe(3);
    expect(hits('/hang')).toBe(3);
  });
});

describe('limits and broken bodies', () => {
  it('stops redirect loops, decompression bombs and endless bodies without retrying', async () => {
    const summary = await run(['/loop', '/gzip-bomb', '/endless']);
    expect(summary.outcomes.map((o) => o.error)).toEqual([
      expect.stringMatching(/too many redirects/),
      expect.stringMatching(/limit of 1048576 bytes/),
      expect.stringMatching(/limit of 1048576 bytes/),
    ]);
    expect(hits('/gzip-bomb')).toBe(1);
  });

  it('reads GBK bytes mislabelled as UTF-8, and keeps the items of a truncated feed with a warning', async () => {
    const summary = await run(['/mislabelled', '/truncated']);
    expect(summary.outcomes.map((o) => o.error)).toEqual([null, null]);
    const items = await store?.listItems(`${server.url}/mislabelled`);
    expect(items?.[0]?.title).toContain('故障');
    expect(summary.outcomes[1]?.itemsNew).toBeGreaterThan(0);
    expect(summary.outcomes[1]?.warnings.length).toBeGreaterThan(0);
  });
});

describe('conditional GET and moves', () => {
  it('answers a 304 with no parse and no write', async () => {
    const first = await run(['/etag']);
    expect(first.filesWritten).toBe(3);
    const second = await run(['/etag'], {}, { reuse: true });
    expect(second.outcomes[0]).toMatchObject({
      notModified: true,
      itemsUnchanged: 0,
      filesWritten: 0,
      error: null,
    });
  });

  it('remembers a permanent redirect and fetches the new URL directly afterwards', async () => {
    const before = hits('/moved');
    const first = await run(['/moved']);
    expect(first.outcomes[0]?.movedTo).toBe(`${server.url}/ok`);
    await run(['/moved'], {}, { reuse: true, force: true });
    expect(hits('/moved')).toBe(before + 1);
    expect((await store?.getFetchState(`${server.url}/moved`))?.movedTo).toBe(`${server.url}/ok`);
  });
});

describe('failing sources back off', () => {
  it('doubles the backoff per failure, skips until then, and resets on success', async () => {
    const t0 = Date.now();
    await run(['/flaky/3'], { retries: 1 });
    const key = `${server.url}/flaky/3`;
    const first = await store?.getFetchState(key);
    expect(first?.errorStreak).toBe(1);
    expect(Date.parse(first?.nextAttemptAt ?? '') - t0).toBeGreaterThanOrEqual(15 * 60_000 - 1000);
    const skipped = await run(['/flaky/3'], { retries: 1 }, { reuse: true });
    expect(skipped.outcomes[0]?.skipped).toMatch(/backing off until .* after 1 failed fetches/);
    expect(hits('/flaky/3')).toBe(1);
    await run(['/flaky/3'], { retries: 1 }, { reuse: true, force: true });
    const second = await store?.getFetchState(key);
    expect(Date.parse(second?.nextAttemptAt ?? '') - t0).toBeGreaterThanOrEqual(30 * 60_000 - 1000);
    await run(['/flaky/3'], { retries: 1 }, { reuse: true, force: true });
    const ok = await run(['/flaky/3'], { retries: 1 }, { reuse: true, force: true });
    expect(ok.outcomes[0]?.error).toBeNull();
    expect(await store?.getFetchState(key)).toMatchObject({ errorStreak: 0, nextAttemptAt: null });
  });
});

describe('RSSHub instances and host limits', () => {
  it('skips a failing RSSHub instance for the next one and records which served', async () => {
    const dir = tempFolder('newsmill-fault-');
    const text = `rsshub: ["${server.url}/dead-instance", "${server.url}"]\noutput: { hexo: hexo }\nsources:\n  - { url: "rsshub:/ok", categories: [t, s, c] }\n`;
    const config = parseConfigText(text, path.join(dir, 'newsmill.yaml'), {});
    const store = openTestStore(storeFileOf(config));
    const summary = await runAllSources({ config, store });
    expect(summary.outcomes[0]).toMatchObject({ error: null, servedBy: `${server.url}/ok` });
    expect(summary.outcomes[0]?.warnings[0]).toMatch(/instance skipped: .*dead-instance\/ok: HTTP 404/);
    expect((await store.listSources())[0]?.servedBy).toBe(`${server.url}/ok`);
  });

  it('keeps at most perHost requests in flight against one host', async () => {
    server.stats.peakInFlight = 0;
    const paths = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => `/slow/80/${name}`);
    const summary = await run(paths, { perHost: 2, concurrency: 8 });
    expect(summary.sourcesOk).toBe(6);
    expect(server.stats.peakInFlight).toBe(2);
  });
});
