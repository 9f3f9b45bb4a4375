import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import type { Config } from '../config/resolve-config.js';
import type { SourceRecord } from '../store/store.js';
import { nextFetchOf } from './watch-schedule.js';

const MINUTE = 60_000;
const NOW = Date.parse('2025-03-01T12:00:00.000Z');
const config = parseConfigText(
  [
    'fetch: { backoffMinutes: 1, maxBackoffHours: 24 }',
    'watch: { minIntervalMinutes: 1 }',
    'sources:',
    '  - { url: "https://a.cn/f", categories: [a, b, c] }',
    '  - { url: "https://a.cn/g", categories: [a, b, d], interval: 5 }',
  ].join('\n'),
  '/x/newsmill.yaml',
  {},
);
const [adaptive, fixed] = config.sources as [Config['sources'][number], Config['sources'][number]];
const at = (offsetMs: number): string => new Date(NOW + offsetMs).toISOString();
const record = (overrides: Partial<SourceRecord>): SourceRecord => ({
  key: adaptive.key,
  location: adaptive.location,
  categories: adaptive.categories,
  lastAttemptAt: at(-30_000),
  lastSuccessAt: at(-30_000),
  lastError: null,
  errorStreak: 0,
  itemCount: 10,
  nextAttemptAt: null,
  movedTo: null,
  servedBy: null,
  // A quiet source: its adaptive interval is the longest, 12 hours.
  newItemsPerDay: 0.1,
  pollHint: null,
  nextDueAt: null,
  dueReason: null,
  lastFetchedBy: null,
  ...overrides,
});
const now = new Date(NOW);

describe('nextFetchOf', () => {
  it('follows the stored hint, naming where it came from', () => {
    const hinted = record({ pollHint: { seconds: 3600, from: 'ttl' } });
    expect(nextFetchOf(adaptive, hinted, config, now)).toEqual({
      dueAt: NOW - 30_000 + 60 * MINUTE,
      reason: 'hint: ttl 60 min',
    });
    const maxAge = record({ pollHint: { seconds: 120, from: 'max-age' } });
    expect(nextFetchOf(adaptive, maxAge, config, now).reason).toBe('hint: max-age 2 min');
  });

  it('says when a hint is clamped to the configured bounds', () => {
    const tiny = record({ pollHint: { seconds: 5, from: 'max-age' } });
    expect(nextFetchOf(adaptive, tiny, config, now)).toEqual({
      dueAt: NOW - 30_000 + MINUTE,
      reason: 'hint: max-age 5 s, raised to 1 min',
    });
  });

  it('uses the configured interval, else the adaptive one', () => {
    expect(nextFetchOf(fixed, record({}), config, now).reason).toBe('interval 5 min (config)');
    expect(nextFetchOf(adaptive, record({}), config, now)).toEqual({
      dueAt: NOW - 30_000 + 720 * MINUTE,
      reason: 'adaptive interval 720 min',
    });
  });

  it('lets the backoff alone decide when a failing source is tried again', () => {
    // Failed 30 s ago with a 1-minute backoff: the 12-hour adaptive interval must not hold it back.
    const failing = record({ errorStreak: 3, lastError: 'HTTP 500', nextAttemptAt: at(30_000) });
    expect(nextFetchOf(adaptive, failing, config, now)).toEqual({
      dueAt: NOW + 30_000,
      reason: 'backoff after 3 failures',
    });
  });

  it('makes a source due at once when its backoff has ended', () => {
    const expired = record({ errorStreak: 1, lastError: 'HTTP 500', nextAttemptAt: at(-1000) });
    expect(nextFetchOf(adaptive, expired, config, now)).toEqual({
      dueAt: NOW - 1000,
      reason: 'due now: backoff after 1 failure ended',
    });
  });

  it('makes a source due at once when never fetched or when its time has come', () => {
    expect(nextFetchOf(adaptive, undefined, config, now)).toEqual({
      dueAt: 0,
      reason: 'due now: never fetched',
    });
    const old = record({ lastAttemptAt: at(-2 * 60 * MINUTE), pollHint: { seconds: 3600, from: 'ttl' } });
    expect(nextFetchOf(adaptive, old, config, now).reason).toBe('due now: hint: ttl 60 min');
  });

  it('distrusts stored times from a clock that ran ahead', () => {
    const ahead = record({ lastAttemptAt: at(365 * 86_400_000) });
    expect(nextFetchOf(adaptive, ahead, config, now)).toEqual({
      dueAt: NOW,
      reason: 'due now: last fetch recorded ahead of the clock',
    });
    const longBackoff = record({ errorStreak: 1, lastError: 'x', nextAttemptAt: at(365 * 86_400_000) });
    expect(nextFetchOf(adaptive, longBackoff, config, now)).toMatchObject({ dueAt: NOW });
    // A stored hint is untrusted too: nonsense falls back to the adaptive interval.
    const nonsense = record({ pollHint: { seconds: -5, from: 'ttl' } });
    expect(nextFetchOf(adaptive, nonsense, config, now).reason).toBe('adaptive interval 720 min');
  });
});
