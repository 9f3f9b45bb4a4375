import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import type { SourceRecord } from '../store/store.js';
import { describeSourceHealth, formatHealthJson, formatHealthTable } from './sources-command.js';
import { judgeSources } from '../pipeline/source-verdict.js';

describe('newsmill sources with workers', () => {
  const config = parseConfigText(
    'sources:\n  - { url: "https://a.cn/f", categories: [a, b, c] }\n  - { url: "https://a.cn/g", categories: [a, b, c] }\n',
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
    {
      ...base,
      key: 'https://a.cn/f',
      lastFetchedBy: 'worker-3.example\u001b[2J:4242',
      nextDueAt: '2025-03-01T00:30:00.000Z',
    },
    { ...base, key: 'https://a.cn/g', lastFetchedBy: null, nextDueAt: null },
  ] as SourceRecord[];

  it('shows which worker last fetched each source, and the stored due time in JSON', () => {
    const rows = describeSourceHealth(config, records, now);
    expect(rows.map((row) => [row.lastFetchedBy, row.nextDueAt])).toEqual([
      ['worker-3.example\u001b[2J:4242', '2025-03-01T00:30:00.000Z'],
      [null, null],
    ]);
    const verdict = judgeSources(config, records, now);
    const table = formatHealthTable(rows, verdict).split('\n');
    expect(table[1]).toContain(', fetched by worker-3.example:4242, next attempt');
    expect(table[3]).not.toContain('fetched by');
    const json = JSON.parse(formatHealthJson(rows, verdict)) as { sources: Array<Record<string, unknown>> };
    expect(json.sources[0]).toMatchObject({
      lastFetchedBy: 'worker-3.example\u001b[2J:4242',
      nextDueAt: '2025-03-01T00:30:00.000Z',
    });
  });
});
