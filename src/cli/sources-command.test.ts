import { describe, expect, it } from 'vitest';
import type { SourceVerdict } from '../pipeline/source-verdict.js';
import { formatHealthJson, formatHealthTable, type SourceHealth } from './sources-command.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const row: SourceHealth = {
  key: 'https://a.example/feed',
  categories: ['新闻\u001b[2J', 'Site\u202Egnp', 'all\tof it'],
  status: 'failing',
  lastSuccess: null,
  lastError: 'HTTP 500 \u001b]0;owned\u0007Oops\nok https://b.example: fake',
  errorStreak: 2,
  nextAttempt: '2025-03-01T00:04:00.000Z',
  nextAttemptReason: 'backoff after 2 failures',
  itemsStored: 0,
  newItemsPerDay: 0,
  servedBy: null,
  movedTo: 'https://c.example/\u009b31m',
  lastFetchedBy: null,
  nextDueAt: null,
  needsAttention: true,
  reason: 'HTTP 500 \u001b]0;owned\u0007Oops\u202E, 2 failures in a row',
};

const judgement = { key: row.key, needsAttention: true, reason: row.reason };
const verdict: SourceVerdict = { ok: false, sources: [judgement], attention: [judgement] };

describe('sources list', () => {
  it('prints no terminal control characters from feeds, OPML or servers', () => {
    const text = formatHealthTable([row], verdict);
    expect(text).toBe(
      'failing       https://a.example/feed  [新闻 / Sitegnp / all of it]\n' +
        '              last success never, 0 items, 0 new/day, 2 errors in a row, next attempt 2025-03-01T00:04:00.000Z (backoff after 2 failures)\n' +
        '              last error: HTTP 500 Oops ok https://b.example: fake\n' +
        '              moved permanently to https://c.example/; update the config\n' +
        '1 sources: 1 failing\n' +
        '1 source needs attention: https://a.example/feed (HTTP 500 Oops, 2 failures in a row)\n',
    );
    expect(text.replaceAll('\n', '')).not.toMatch(CONTROL);
  });

  it('escapes control characters and bidi overrides in JSON, which still reads back the same', () => {
    const json = formatHealthJson([row], verdict);
    // JSON.stringify escapes C0 itself; C1 and the bidi controls it leaves raw.
    expect(json).not.toMatch(/[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(json).toContain('Site\\u202egnp');
    expect(json).toContain('https://c.example/\\u009b31m');
    expect(json).toContain('Oops\\u202e, 2 failures');
    expect(JSON.parse(json)).toEqual({
      ok: false,
      attention: `1 source needs attention: https://a.example/feed (${row.reason})`,
      sources: [row],
    });
  });
});
