import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import type { SourceRecord } from '../store/store.js';
import { describeSourceHealth } from './sources-command.js';

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
    expect(row).toMatchObject({ status: 'failing', nextAttempt: null });
    const sane = { ...record, nextAttemptAt: '2025-03-01T00:10:00.000Z' };
    const [waiting] = describeSourceHealth(config, [sane], now);
    expect(waiting).toMatchObject({ status: 'backing-off', nextAttempt: '2025-03-01T00:10:00.000Z' });
  });
});
