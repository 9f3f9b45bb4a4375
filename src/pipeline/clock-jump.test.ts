import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import type { Config } from '../config/resolve-config.js';
import type { Store } from '../store/store.js';
import { backoffEndsAt } from './fetch-feed.js';
import { runAllSources } from './run-all.js';
import { nextFetchOf } from './watch-schedule.js';
import { storeFileOf } from '../test-support/store-file.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { openTestStore } from '../test-support/test-store.js';

const NOW = Date.parse('2025-03-01T00:00:00.000Z');
const YEAR = 365 * 86_400_000;
const HOUR = 3_600_000;

afterEach(() => {
  vi.useRealTimers();
});

/** A store and a config with one source: a local file that does not exist, so every fetch fails. */
function setUp(): { config: Config; store: Store } {
  const dir = tempFolder('newsmill-clock-');
  const text = 'fetch: { maxBackoffHours: 24 }\nsources:\n  - { url: missing.xml, categories: [a, b, c] }\n';
  const config = parseConfigText(text, path.join(dir, 'newsmill.yaml'), {});
  return { config, store: openTestStore(storeFileOf(config)) };
}

/** Runs every source with the clock at `at`. */
async function runAt(at: number, config: Config, store: Store): ReturnType<typeof runAllSources> {
  vi.useFakeTimers({ toFake: ['Date'], now: at });
  try {
    return await runAllSources({ config, store });
  } finally {
    vi.useRealTimers();
  }
}

describe('a run made with the clock a year ahead', () => {
  it('does not silence a failing source for longer than fetch.maxBackoffHours', async () => {
    const { config, store } = setUp();
    const ahead = await runAt(NOW + YEAR, config, store);
    expect(ahead.outcomes[0]?.error).toMatch(/missing\.xml/);
    // Back at the right time, the year-long backoff is void: the source is tried, and the failure
    // starts an ordinary backoff on the present clock.
    const back = await runAt(NOW, config, store);
    expect(back.outcomes[0]).toMatchObject({ skipped: null, error: expect.stringMatching(/missing/) });
    const waiting = await runAt(NOW + HOUR / 4, config, store);
    expect(waiting.outcomes[0]?.skipped).toMatch(/^backing off until 2025-03-01T00:30:00\.000Z /);
    const retried = await runAt(NOW + HOUR, config, store);
    expect(retried.outcomes[0]).toMatchObject({ skipped: null, error: expect.stringMatching(/missing/) });
  });

  it('leaves watch due at once, then waiting as usual from the fetch made on the present clock', async () => {
    const { config, store } = setUp();
    await runAt(NOW + YEAR, config, store);
    const now = new Date(NOW);
    const source = config.sources[0]!;
    const [ahead] = await store.listSources();
    expect(nextFetchOf(source, ahead, config, now).dueAt).toBeLessThanOrEqual(NOW);
    // A minute later it is still due: a reading against the present does not move forward with it.
    expect(nextFetchOf(source, ahead, config, new Date(NOW + 60_000)).dueAt).toBeLessThanOrEqual(
      NOW + 60_000,
    );
    await runAt(NOW, config, store);
    const [fetched] = await store.listSources();
    // The second failure, on the present clock, backs off as usual (30 min), and that alone decides.
    expect(nextFetchOf(source, fetched, config, now)).toEqual({
      dueAt: NOW + HOUR / 2,
      reason: 'backoff after 2 failures',
    });
  });
});

describe('backoffEndsAt', () => {
  const config = parseConfigText(
    'fetch: { backoffMinutes: 15, maxBackoffHours: 24 }\nsources: []\n',
    '/x/newsmill.yaml',
    {},
  );
  const now = new Date(NOW);

  it('keeps a backoff that started in the past', () => {
    const state = { nextAttemptAt: new Date(NOW + 10 * 60_000).toISOString(), errorStreak: 1 };
    expect(backoffEndsAt(state, now, config)?.getTime()).toBe(NOW + 10 * 60_000);
    const long = { nextAttemptAt: new Date(NOW + 20 * HOUR).toISOString(), errorStreak: 40 };
    expect(backoffEndsAt(long, now, config)?.getTime()).toBe(NOW + 20 * HOUR);
  });

  it('voids a backoff that ends later than one starting now could', () => {
    const far = new Date(NOW + YEAR).toISOString();
    expect(backoffEndsAt({ nextAttemptAt: far, errorStreak: 1 }, now, config)).toBeNull();
    expect(backoffEndsAt({ nextAttemptAt: far, errorStreak: 40 }, now, config)).toBeNull();
    const past24h = new Date(NOW + 24 * HOUR + 1000).toISOString();
    expect(backoffEndsAt({ nextAttemptAt: past24h, errorStreak: 40 }, now, config)).toBeNull();
  });

  it('reads no backoff from a missing or unreadable time', () => {
    expect(backoffEndsAt({ nextAttemptAt: null, errorStreak: 3 }, now, config)).toBeNull();
    expect(backoffEndsAt({ nextAttemptAt: 'soon', errorStreak: 3 }, now, config)).toBeNull();
  });
});
