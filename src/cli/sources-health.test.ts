import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import { judgeSources } from '../pipeline/source-verdict.js';
import type { SourceRecord } from '../store/store.js';
import { describeSourceHealth, formatHealthTable } from './sources-command.js';

describe('describeSourceHealth', () => {
  it('shows a source whose backoff was recorded with the clock ahead as failing, not backing off for a year', () => {
    const config = parseConfigText(
      'fetch: { backoffMinutes: 15 }\nsources:\n  - { url: "https://a.cn/f", categories: [a, b, c] }\n',
      '/x/newsmill.yaml',
      {},
    );
    const now = new Date('2025-03-01T00:00:00.000Z');
    const record = {
      key: 'https://a.cn/f',
      categories: ['a', 'b', 'c'],
      lastAttemptAt: '2025-02-28T00:00:00.000Z',
      errorStreak: 1,
      nextAttemptAt: '2026-03-01T00:15:00.000Z',
    } as SourceRecord;
    const [row] = describeSourceHealth(config, [record], now);
    expect(row).toMatchObject({
      status: 'failing',
      nextAttempt: '2025-03-01T00:00:00.000Z',
      nextAttemptReason: 'due now: backoff recorded ahead of the clock',
    });
    const sane = { ...record, nextAttemptAt: '2025-03-01T00:10:00.000Z' };
    const [waiting] = describeSourceHealth(config, [sane], now);
    expect(waiting).toMatchObject({
      status: 'backing-off',
      nextAttempt: '2025-03-01T00:10:00.000Z',
      nextAttemptReason: 'backoff after 1 failure',
    });
  });

  it('shows when watch fetches each source next, and why', () => {
    const config = parseConfigText(
      [
        'sources:',
        '  - { url: "https://a.cn/hinted", categories: [a, b, c] }',
        '  - { url: "https://a.cn/quiet", categories: [a, b, c] }',
        '  - { url: "https://a.cn/new", categories: [a, b, c] }',
        '  - { url: "https://a.cn/late", categories: [a, b, c] }',
      ].join('\n'),
      '/x/newsmill.yaml',
      {},
    );
    const now = new Date('2025-03-01T00:00:00.000Z');
    const base = {
      categories: ['a', 'b', 'c'],
      lastAttemptAt: '2025-02-28T23:30:00.000Z',
      lastSuccessAt: '2025-02-28T23:30:00.000Z',
      errorStreak: 0,
      nextAttemptAt: null,
      newItemsPerDay: 0,
      pollHint: null,
    };
    const records = [
      { ...base, key: 'https://a.cn/hinted', pollHint: { seconds: 3600, from: 'ttl' } },
      { ...base, key: 'https://a.cn/quiet', newItemsPerDay: 20 },
      { ...base, key: 'https://a.cn/late', pollHint: { seconds: 1200, from: 'max-age' } },
      { ...base, key: 'https://gone.example/feed' },
    ] as SourceRecord[];
    const rows = describeSourceHealth(config, records, now);
    expect(rows.map((row) => [row.nextAttempt, row.nextAttemptReason])).toEqual([
      ['2025-03-01T00:30:00.000Z', 'hint: ttl 60 min'],
      ['2025-03-01T00:42:00.000Z', 'adaptive interval 72 min'],
      ['2025-03-01T00:00:00.000Z', 'due now: never fetched'],
      ['2025-03-01T00:00:00.000Z', 'due now: hint: max-age 20 min'],
      [null, null],
    ]);
    // Only the configured source never fetched needs attention; the removed one is not judged.
    expect(rows.map((row) => [row.needsAttention, row.reason])).toEqual([
      [false, null],
      [false, null],
      [true, 'never fetched'],
      [false, null],
      [false, null],
    ]);
    expect(formatHealthTable(rows, judgeSources(config, records, now))).toContain(
      'next attempt 2025-03-01T00:30:00.000Z (hint: ttl 60 min)',
    );
  });
});
