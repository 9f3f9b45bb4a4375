import { describe, expect, it } from 'vitest';
import { ParseError } from '../core/errors.js';
import { parseOpml } from './opml-import.js';

const SIZE = 20 * 1024 * 1024;

/** Milliseconds of `run`: the smaller of wall-clock and CPU time, so a loaded machine does not count. */
function elapsed(run: () => void): number {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  try {
    run();
  } catch {
    // The caller checks what was thrown.
  }
  const used = process.cpuUsage(cpu);
  return Math.min(performance.now() - wall, (used.user + used.system) / 1000);
}

const opml = (body: string): string => `<?xml version="1.0"?><opml version="2.0"><body>${body}</body></opml>`;

describe('parseOpml on hostile nesting', () => {
  it('refuses outlines nested 100,000 deep at once, naming the limit', () => {
    const depth = 100_000;
    const text = opml(
      '<outline text="f" xmlUrl="https://a.example/feed">'.repeat(depth) + '</outline>'.repeat(depth),
    );
    expect(elapsed(() => parseOpml(text))).toBeLessThan(1000);
    expect(() => parseOpml(text)).toThrow(
      new ParseError('not a usable OPML file: outlines are nested deeper than 32 levels'),
    );
  });

  it('reads 20 MB of other elements nested deep around an outline in under a second', () => {
    const count = Math.ceil(SIZE / 7);
    const text = opml(
      `${'<x>'.repeat(count)}<outline text="f" xmlUrl="https://a.example/f"/>${'</x>'.repeat(count)}`,
    );
    let feeds: string[] = [];
    expect(elapsed(() => (feeds = parseOpml(text).map((feed) => feed.url)))).toBeLessThan(1000);
    expect(feeds).toEqual(['https://a.example/f']);
  });

  it('still matches attribute names in any case and decodes their entities', () => {
    const text = opml('<outline TEXT="A &amp; B" xmlURL="https://a.example/?a=1&amp;b=2" htmlUrl="x"/>');
    expect(parseOpml(text)).toEqual([
      { url: 'https://a.example/?a=1&b=2', title: 'A & B', htmlUrl: 'x', folders: [] },
    ]);
  });
});
