import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutSanitizedHtml } from './html-excerpt.js';
import { sanitizeArticleHtml } from './sanitize.js';

const clean = (html: string): string =>
  sanitizeArticleHtml(html, { base: 'https://a.example/', images: { mode: 'none', target: null } });

const VOID = new Set(['br', 'img', 'hr', 'wbr', 'source', 'track']);

/** Whether every end tag closes the innermost open element, and none is left open. */
function isBalanced(html: string): boolean {
  const open: string[] = [];
  for (const [, slash, name] of html.matchAll(/<(\/?)([a-z0-9]+)[^>]*>/g)) {
    if (slash === '' && !VOID.has(name ?? '')) open.push(name ?? '');
    else if (slash === '/' && open.pop() !== name) return false;
  }
  return open.length === 0;
}

describe('cutSanitizedHtml', () => {
  it('returns HTML that fits as it is', () => {
    const html = clean('<p>短文 <b>bold</b></p>');
    expect(cutSanitizedHtml(html, 1000)).toBe(html);
    expect(cutSanitizedHtml(html, Buffer.byteLength(html))).toBe(html);
  });

  it('cuts between characters, never inside an entity, and closes what is open', () => {
    const html = clean('<div><p>ab &amp; 汉字<i>x</i></p><p>tail</p></div>');
    expect(html).toBe('<div><p>ab &amp; 汉字<i>x</i></p><p>tail</p></div>');
    // `<div><p>` is 8 bytes, `ab ` 3 more, `&amp;` 5, then a space, and 3 for each CJK character.
    expect(cutSanitizedHtml(html, 13)).toBe('<div><p>ab </p></div>');
    expect(cutSanitizedHtml(html, 15)).toBe('<div><p>ab </p></div>');
    expect(cutSanitizedHtml(html, 16)).toBe('<div><p>ab &amp;</p></div>');
    expect(cutSanitizedHtml(html, 22)).toBe('<div><p>ab &amp; 汉</p></div>');
    // `<i>` would be empty: it is left out, not opened and closed.
    expect(cutSanitizedHtml(html, 26)).toBe('<div><p>ab &amp; 汉字</p></div>');
    expect(cutSanitizedHtml(html, 31)).toBe('<div><p>ab &amp; 汉字<i>x</i></p></div>');
  });

  it('never keeps part of a tag, however long its attributes', () => {
    const image = `<img src="data:image/png;base64,${'A'.repeat(10_000)}" alt="">`;
    const html = clean(`<p>before</p><p>${image}after</p>`);
    expect(cutSanitizedHtml(html, 5_000)).toBe('<p>before</p>');
  });

  it('keeps a prefix of the article, well-formed, within the budget plus end tags (property)', () => {
    const pieces = fc.constantFrom(
      '<p>',
      '</p>',
      '<div>',
      '</div>',
      '<ul><li>',
      '</li>',
      '<b>',
      '</b>',
      '<a href="/x?q=1&amp;r=2">',
      '</a>',
      '<br>',
      '<img src="https://i.example/a.jpg" alt="图 &quot;1&quot;">',
      '<pre><code>',
      '</code></pre>',
      '<table><tr><td>',
      'text ',
      '汉字',
      '😀',
      ' &amp; &lt;tag&gt; ',
      '\n',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }), fc.nat(400), (parts, budget) => {
        const html = clean(parts.join(''));
        const cut = cutSanitizedHtml(html, budget);
        const kept = cut.replace(/(<\/[a-z0-9]+>)*$/, '');
        expect(html.startsWith(kept)).toBe(true);
        const closers = cut.length - kept.length;
        expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(
          Math.max(budget, Buffer.byteLength(kept)) + closers,
        );
        expect(Buffer.byteLength(kept)).toBeLessThanOrEqual(
          budget >= Buffer.byteLength(html) ? Infinity : budget,
        );
        expect(isBalanced(cut)).toBe(true);
        expect(cut).not.toMatch(/&(?![a-z]+;|#\d+;)/);
      }),
      { numRuns: 500 },
    );
  });
});
