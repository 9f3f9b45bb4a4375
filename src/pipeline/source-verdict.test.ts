import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import type { SourceRecord } from '../store/store.js';
import { formatAttentionLine, judgeSource, judgeSources } from './source-verdict.js';

const config = parseConfigText(
  [
    'fetch: { backoffMinutes: 15, maxBackoffHours: 48 }',
    'sources:',
    '  - { url: "https://a.cn/ok", categories: [a, b, c] }',
    '  - { url: "https://a.cn/down", categories: [a, b, c] }',
    '  - { url: "https://a.cn/new", categories: [a, b, c] }',
  ].join('\n'),
  '/x/newsmill.yaml',
  {},
);
const now = new Date('2025-03-01T10:00:00.000Z');
const healthy = {
  key: 'https://a.cn/ok',
  lastAttemptAt: '2025-03-01T09:00:00.000Z',
  lastSuccessAt: '2025-03-01T09:00:00.000Z',
  lastError: null,
  errorStreak: 0,
  nextAttemptAt: null,
} as SourceRecord;
const failing = (over: Partial<SourceRecord>): SourceRecord => ({
  ...healthy,
  key: 'https://a.cn/down',
  lastSuccessAt: null,
  lastError: 'GET https://a.cn/down: HTTP 500 Internal Server Error',
  errorStreak: 1,
  nextAttemptAt: '2025-03-01T10:10:00.000Z',
  ...over,
});
const reasonOf = (record: SourceRecord): string | null => judgeSource(record.key, record, config, now).reason;

describe('judgeSources', () => {
  it('needs attention for a failed last attempt, a source never fetched, or one that never succeeded', () => {
    const verdict = judgeSources(config, [healthy, failing({})], now);
    expect(verdict.ok).toBe(false);
    expect(verdict.sources).toEqual([
      { key: 'https://a.cn/ok', needsAttention: false, reason: null },
      {
        key: 'https://a.cn/down',
        needsAttention: true,
        reason: 'HTTP 500 Internal Server Error, backing off until 10:10 UTC',
      },
      { key: 'https://a.cn/new', needsAttention: true, reason: 'never fetched' },
    ]);
    expect(verdict.attention.map(({ key }) => key)).toEqual(['https://a.cn/down', 'https://a.cn/new']);
    expect(reasonOf({ ...healthy, lastSuccessAt: null })).toBe('never succeeded');
  });

  it('passes when every configured source is healthy, and ignores sources no longer configured', () => {
    const records = ['https://a.cn/ok', 'https://a.cn/down', 'https://a.cn/new'].map((key) => ({
      ...healthy,
      key,
    }));
    const removed = failing({ key: 'https://gone.example/feed' });
    const verdict = judgeSources(config, [...records, removed], now);
    expect(verdict).toMatchObject({ ok: true, attention: [] });
    expect(verdict.sources).toHaveLength(3);
    expect(formatAttentionLine(verdict)).toBeNull();
  });

  it('still needs attention once the backoff has ended or was recorded ahead of the clock', () => {
    expect(reasonOf(failing({ errorStreak: 4, nextAttemptAt: '2025-03-01T09:00:00.000Z' }))).toBe(
      'HTTP 500 Internal Server Error, 4 failures in a row',
    );
    // Further ahead than any backoff starting now: void, so not shown as a wait of a year.
    expect(reasonOf(failing({ nextAttemptAt: '2026-03-01T10:10:00.000Z' }))).toBe(
      'HTTP 500 Internal Server Error',
    );
    expect(reasonOf(failing({ errorStreak: 9, nextAttemptAt: '2025-03-02T12:00:00.000Z' }))).toBe(
      'HTTP 500 Internal Server Error, 9 failures in a row, backing off until 2025-03-02 12:00 UTC',
    );
  });

  it('gives the error without the request or file it came from, cut to a summary length', () => {
    const redirected = 'GET https://b.cn/x (redirected from https://a.cn/down): timed out after 800 ms';
    expect(reasonOf(failing({ lastError: redirected, nextAttemptAt: null }))).toBe('timed out after 800 ms');
    const file = 'file /srv/feeds/a.xml: no such file';
    expect(reasonOf(failing({ lastError: file, nextAttemptAt: null }))).toBe('no such file');
    expect(reasonOf(failing({ lastError: null, nextAttemptAt: null }))).toBe('failed');
    const long = reasonOf(failing({ lastError: `not a feed: ${'数'.repeat(300)}`, nextAttemptAt: null }));
    expect([...(long ?? '')]).toHaveLength(120);
    expect(long).toMatch(/^not a feed: 数+…$/);
  });
});

describe('formatAttentionLine', () => {
  it('names the first five sources with their reasons and counts the rest', () => {
    const judged = Array.from({ length: 7 }, (_, i) => ({
      key: `s${i}`,
      needsAttention: true,
      reason: i % 2 ? 'never fetched' : 'HTTP 503',
    }));
    const line = formatAttentionLine({ ok: false, sources: judged, attention: judged });
    expect(line).toBe(
      '7 sources need attention: s0 (HTTP 503), s1 (never fetched), s2 (HTTP 503), s3 (never fetched), s4 (HTTP 503), and 2 more',
    );
    const one = judged.slice(0, 1);
    expect(formatAttentionLine({ ok: false, sources: one, attention: one })).toBe(
      '1 source needs attention: s0 (HTTP 503)',
    );
  });
});
