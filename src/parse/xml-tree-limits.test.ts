import { describe, expect, it } from 'vitest';
import { parseFeed } from './parse-feed.js';

const options = { url: 'https://feeds.example.com/feed.xml', timezone: 'UTC' };
const SIZE = 20 * 1024 * 1024;

/** `unit` repeated until it fills about `bytes`. */
function fill(unit: string, bytes = SIZE): string {
  return unit.repeat(Math.ceil(bytes / unit.length));
}

/** `open` repeated until it fills half of `bytes`, then `close` as many times. */
function nest(open: string, close: string, bytes = SIZE): string {
  const count = Math.ceil(bytes / (open.length + close.length));
  return open.repeat(count) + close.repeat(count);
}

function numbered(count: number, make: (i: number) => string): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(make(i));
  return parts.join('');
}

// Each shape sits between two good items, so the test also shows that the items around it survive.
const ITEM_BODY_SHAPES: Record<string, () => string> = {
  'deep nesting of unknown elements': () => nest('<x>', '</x>'),
  'deep unclosed nesting inside a description': () => `<description>${fill('<div>')}</description>`,
  'many unclosed paragraphs of raw HTML': () => `<description>${fill('<p>a ')}</description>`,
  'end tags that match nothing, under deep nesting': () =>
    `<description>${nest('<a>', '</b>')}</description>`,
  'many attributes on one element': () => `<x ${fill('a="v" ')}/>`,
  'many distinct attributes on one element': () =>
    `<x ${numbered(Math.floor(SIZE / 12), (i) => `a${i}="v" `)}/>`,
  'a very long element name': () => `<${fill('n')}>x</${fill('n')}>`,
  'many namespace declarations on one element': () =>
    `<x ${numbered(Math.floor(SIZE / 24), (i) => `xmlns:p${i}="urn:${i}" `)}/>`,
  'deep nesting that declares a namespace at every level': () => {
    const count = Math.floor(SIZE / 40);
    return (
      numbered(count, (i) => `<p${i}:x xmlns:p${i}="urn:${i}">`) +
      numbered(count, (i) => `</p${count - 1 - i}:x>`)
    );
  },
  'deep nesting that redeclares the default namespace at every level': () =>
    nest('<x xmlns="urn:a">', '</x>'),
};

function feedAround(shape: string): string {
  return `<rss version="2.0"><channel><title>T</title><item><title>before</title></item><item><title>hostile</title>${shape}</item><item><title>after</title></item></channel></rss>`;
}

/**
 * Milliseconds that `run` took: the smaller of wall-clock and CPU time, because on a loaded machine
 * the wall clock counts other processes' turns, and CPU time counts the garbage collector's helper threads.
 */
function elapsed(run: () => void): number {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  run();
  const used = process.cpuUsage(cpu);
  return Math.min(performance.now() - wall, (used.user + used.system) / 1000);
}

describe('parseFeed on adversarial shapes', () => {
  // What this guards against is superlinear reading, which takes minutes here (the quadratic reader
  // took 37 s on 1.75 MB of one of these shapes). Each takes well under a second on a quiet machine
  // (bench/RESULTS.md); the bound leaves room for a loaded CI runner, where one took 1.2 s.
  it.each(Object.entries(ITEM_BODY_SHAPES))('reads 20 MB of %s in under 3 seconds', (_name, make) => {
    const xml = feedAround(make());
    expect(xml.length).toBeGreaterThan(SIZE * 0.9);
    let titles: (string | null)[] = [];
    const ms = elapsed(() => {
      titles = parseFeed(xml, options).items.map((item) => item.title);
    });
    expect(titles).toEqual(['before', 'hostile', 'after']);
    expect(ms).toBeLessThan(3000);
  });

  // 700,000 items are 700,000 items: this bounds their cost (the old reader took minutes), not the
  // shape's. Building them allocates so much that a loaded machine's collector took 4.4 s once.
  it('reads 20 MB of items opened inside one another in under 8 seconds, keeping each', () => {
    const count = Math.floor(SIZE / 30);
    const xml = `<rss><channel>${numbered(count, (i) => `<item><title>${i}</title>`)}</channel></rss>`;
    let items = 0;
    const ms = elapsed(() => {
      items = parseFeed(xml, options).items.length;
    });
    expect(items).toBe(count);
    expect(ms).toBeLessThan(8000);
  });

  it('names the depth limit when it flattens deep markup', () => {
    const feed = parseFeed(feedAround(nest('<x>', '</x>', 100_000)), options);
    expect(feed.warnings).toContain(
      'ill-formed XML: 14033 element(s) nested deeper than 256 levels were flattened',
    );
  });
});
