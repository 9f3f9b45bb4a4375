import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as timers from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { generateRss, startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server.js';
import { ingestSource } from './ingest-source.js';

// Error injection: Node's timers can resolve a millisecond before Date.now() reaches their end
// (about 2% of short waits on a quiet machine); this one always resolves well before it.
vi.mock('node:timers/promises', async (importOriginal) => {
  const real = await importOriginal<typeof timers>();
  return {
    ...real,
    setTimeout: (ms: number, value?: unknown, options?: object) =>
      real.setTimeout(Math.floor(ms / 2), value, options),
  };
});

let dir = '';
let store: Store | null = null;
let server: LoopbackServer | null = null;
afterEach(async () => {
  await store?.close();
  await server?.close();
  store = null;
  server = null;
  rmSync(dir, { recursive: true, force: true });
});

describe('a scheduled fetch that starts just before its backoff ends', () => {
  it('waits until the clock has passed the backoff, even when the timer fires early', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-backoff-wait-'));
    server = await startLoopbackServer((_request, response) => response.end(generateRss(3, 'wait')));
    const config = parseConfigText(
      `sources:\n  - { url: "${server.url}/wait", categories: [t, t, wait] }`,
      path.join(dir, 'newsmill.yaml'),
      {},
    );
    const source = config.sources[0];
    if (!source) throw new Error('no source');
    store = openSqliteStore(path.join(dir, 'wait.db'));
    await store.registerSource(source);
    const failedAt = new Date(Date.now() - 60_000).toISOString();
    const backoffEnds = Date.now() + 300;
    await store.recordFetch({
      sourceKey: source.key,
      startedAt: failedAt,
      durationMs: 5,
      status: 500,
      error: 'HTTP 500',
      itemsSeen: 0,
      itemsNew: 0,
      itemsUpdated: 0,
      nextAttemptAt: new Date(backoffEnds).toISOString(),
    });
    const outcome = await ingestSource(source, { config, store }, { after: failedAt, clockSkewMs: 60_000 });
    expect(outcome).toMatchObject({ skipped: null, error: null, itemsNew: 3 });
    expect(Date.now()).toBeGreaterThanOrEqual(backoffEnds);
  });
});
