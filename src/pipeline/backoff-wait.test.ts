import path from 'node:path';
import type * as timers from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import type { SourceConfig } from '../config/resolve-config.js';
import { recordFailedFetch } from '../test-support/failed-fetch.js';
import { generateRss, startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { openTestStore } from '../test-support/test-store.js';
import { ingestSource } from './ingest-source.js';
import type { IngestContext } from './refresh-context.js';

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

let server: LoopbackServer | null = null;
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = null;
});

/** A source that failed a minute ago and backs off until `backoffEnds`, and its store. */
async function backingOff(
  backoffEnds: number,
): Promise<{ source: SourceConfig; context: IngestContext; failedAt: string }> {
  const dir = tempFolder('newsmill-backoff-wait-');
  server = await startLoopbackServer((_request, response) => response.end(generateRss(3, 'wait')));
  const config = parseConfigText(
    `sources:\n  - { url: "${server.url}/wait", categories: [t, t, wait] }`,
    path.join(dir, 'newsmill.yaml'),
    {},
  );
  const source = config.sources[0];
  if (!source) throw new Error('no source');
  const store = openTestStore(path.join(dir, 'wait.db'));
  await store.registerSource(source);
  const failedAt = new Date(Date.now() - 60_000).toISOString();
  await recordFailedFetch(store, source.key, failedAt, backoffEnds);
  return { source, context: { config, store }, failedAt };
}

describe('a scheduled fetch that starts just before its backoff ends', () => {
  it('waits until the clock has passed the backoff, even when the timer fires early', async () => {
    const backoffEnds = Date.now() + 300;
    const { source, context, failedAt } = await backingOff(backoffEnds);
    const outcome = await ingestSource(source, context, { after: failedAt, clockSkewMs: 60_000 });
    expect(outcome).toMatchObject({ skipped: null, error: null, itemsNew: 3 });
    expect(Date.now()).toBeGreaterThanOrEqual(backoffEnds);
  });

  it('waits no longer than the skew allowed when the wall clock is stepped back meanwhile', async () => {
    const { source, context, failedAt } = await backingOff(Date.now() + 300);
    // The machine's clock is set back an hour while the job waits.
    const realNow = Date.now.bind(Date);
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() - 3_600_000);
    const started = performance.now();
    const outcome = await ingestSource(source, context, { after: failedAt, clockSkewMs: 1000 });
    vi.restoreAllMocks();
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(outcome.error).toBeNull();
  });
});
