import { describe, expect, it } from 'vitest';
import { sanitizeArticleHtml } from './sanitize.js';

const SIZE = 20 * 1024 * 1024;
const options = { base: 'https://news.example/a/1.html', images: { mode: 'none' as const, target: null } };

/** `open` repeated until it fills half of `bytes`, then `close` as many times. */
function nest(open: string, close: string, bytes = SIZE): string {
  const count = Math.ceil(bytes / (open.length + close.length));
  return open.repeat(count) + close.repeat(count);
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

// End tags that match no open element made the sanitizer search every open element for each one:
// 1 MB of them under deep nesting took 80 s.
const HOSTILE_BODIES: Record<string, () => string> = {
  'end tags matching nothing under deep nesting': () => nest('<div>', '</span>'),
  'unmatched </p> under deep nesting': () => nest('<div>', '</p>'),
  'formatting elements closed by the wrong name': () => nest('<b>', '</i>'),
  'end tags matching nothing inside deep SVG': () => nest('<svg>', '</p>'),
  'deep nesting closed properly': () => nest('<div>', '</div>'),
  'unclosed list items and cells': () => '<ul><li><table><tr><td>'.repeat(SIZE / 23),
};

describe('sanitizeArticleHtml on hostile bodies', () => {
  it.each(Object.entries(HOSTILE_BODIES))('cleans 20 MB of %s in linear time', (_name, make) => {
    const html = `<p>before</p>${make()}<p>after</p>`;
    let clean = '';
    // A second or so on a quiet machine, and 2.3 s in a CI run on a loaded 2-core VM (so 2 s was too
    // tight); the quadratic search took hours, which any bound of seconds still catches.
    expect(elapsed(() => (clean = sanitizeArticleHtml(html, options)))).toBeLessThan(6000);
    expect(clean.startsWith('<p>before</p>')).toBe(true);
  });

  it('writes at most 256 levels of nested elements, keeping the text of deeper ones', () => {
    const html = `${'<div><b>x'.repeat(300)}${'</b></div>'.repeat(300)}`;
    const clean = sanitizeArticleHtml(html, options);
    expect(clean.match(/<div>/g)).toHaveLength(128);
    expect(clean.match(/<\/div>/g)).toHaveLength(128);
    expect(clean.match(/x/g)).toHaveLength(300);
  });

  it('still closes the nearest open element of an end tag name, past others', () => {
    expect(sanitizeArticleHtml('<div><b><i>x</b>y</div><p>z</p>', options)).toBe(
      '<div><b><i>x</i></b>y</div><p>z</p>',
    );
  });
});
