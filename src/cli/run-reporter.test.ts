import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { SourceConfig } from '../config/resolve-config.js';
import { emptyOutcome, type SourceOutcome } from '../pipeline/source-outcome.js';
import type { RunEvent, RunSummary } from '../pipeline/run-all.js';
import { createRunReporter, describeOutcome, formatSummary } from './run-reporter.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

// A source that stored one new item and wrote its post, unless `over` says otherwise.
const outcome = (over: Partial<SourceOutcome>): SourceOutcome => ({
  ...emptyOutcome({ key: 'https://a.example/feed' } as SourceConfig),
  itemsNew: 1,
  filesWritten: 1,
  ...over,
});

describe('run reporter', () => {
  it('prints no terminal control characters from feeds or servers, and one line per message', () => {
    const lines = describeOutcome(
      outcome({
        movedTo: 'https://b.example/\u001b]0;owned\u0007',
        filtered: [{ title: 'Title\u001b[2J\u001b[H\u202Etxt.exe', reason: 'matches exclude "x"' }],
        itemErrors: ['item "a\rok b: 9 new"'],
        warnings: ['bad date "\u009b31m"\nok c: fake line'],
      }),
    );
    expect(lines).toEqual([
      'ok https://a.example/feed: 1 new, 0 updated, 0 unchanged, 1 files written',
      'moved https://a.example/feed: permanently redirected to https://b.example/; update the config',
      'failed https://a.example/feed: item "aok b: 9 new"',
      'filtered https://a.example/feed: "Titletxt.exe" matches exclude "x"',
      'warning https://a.example/feed: bad date "" ok c: fake line',
    ]);
    const failed = describeOutcome(outcome({ error: 'HTTP 500 \u001b[31mfrom server\u001b[0m' }));
    expect(failed).toEqual(['failed https://a.example/feed: HTTP 500 from server']);
    for (const line of [...lines, ...failed]) expect(line).not.toMatch(CONTROL);
  });

  it('strips control characters from retention messages in the summary', () => {
    const summary = {
      sourcesOk: 1,
      sourcesFailed: 0,
      sourcesSkipped: 0,
      itemsNew: 0,
      itemsUpdated: 0,
    } as RunSummary;
    const text = formatSummary({
      ...summary,
      itemsUnchanged: 0,
      itemsFiltered: 0,
      itemsFailed: 0,
      filesWritten: 0,
      itemsPruned: 0,
      pruneFailures: ['cannot delete a/\u001b[1mb\u001b[0m.md'],
    });
    expect(text.split('\n').at(-1)).toBe('retention: cannot delete a/b.md');
  });

  it('closes the summary with the one line naming the sources that need attention, without controls', () => {
    const summary = {
      sourcesOk: 1,
      sourcesFailed: 0,
      sourcesSkipped: 1,
      itemsNew: 0,
      itemsUpdated: 0,
      itemsUnchanged: 0,
      itemsFiltered: 0,
      itemsFailed: 0,
      filesWritten: 0,
      itemsPruned: 0,
      pruneFailures: [],
    } as unknown as RunSummary;
    const judged = { key: 'feeds/a\u202Elmx.xml', needsAttention: true, reason: 'HTTP 503 \u001b[2Jgone' };
    const healthy = { key: 'b', needsAttention: false, reason: null };
    const text = formatSummary(summary, { ok: false, sources: [judged, healthy], attention: [judged] });
    expect(text.split('\n').at(-1)).toBe('1 source needs attention: feeds/almx.xml (HTTP 503 gone)');
    const passed = formatSummary(summary, { ok: true, sources: [healthy], attention: [] });
    expect(passed).not.toContain('attention');
    expect(passed.split('\n')).toHaveLength(3);
  });
});

describe('run reporter on a terminal', () => {
  it('gives the cursor back and prints the problems when a run is abandoned by an error', () => {
    let written = '';
    const terminal = Object.assign(new PassThrough(), { isTTY: true, columns: 80 });
    terminal.on('data', (chunk: Buffer) => (written += chunk.toString()));
    const reporter = createRunReporter(terminal as unknown as NodeJS.WriteStream, new PassThrough());
    reporter.onEvent({ type: 'start', total: 2 });
    const failed: RunEvent = {
      type: 'source-done',
      done: 1,
      total: 2,
      outcome: outcome({ error: 'HTTP 500', itemsNew: 0, filesWritten: 0 }),
    };
    reporter.onEvent(failed);
    expect(written).toContain('\u001b[?25l');
    reporter.abandon();
    expect(written.lastIndexOf('\u001b[?25h')).toBeGreaterThan(written.lastIndexOf('\u001b[?25l'));
    expect(written).toContain('failed https://a.example/feed: HTTP 500');
  });
});
