import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Prefix } from './utf8-prefix.js';

describe('utf8Prefix', () => {
  it('ends at a character that fits, never inside a surrogate pair', () => {
    expect(utf8Prefix('ab汉字', 0, 4, 4)).toEqual({ end: 2, bytes: 2 });
    expect(utf8Prefix('ab汉字', 0, 4, 5)).toEqual({ end: 3, bytes: 5 });
    expect(utf8Prefix('a😀b', 0, 4, 4)).toEqual({ end: 1, bytes: 1 });
    expect(utf8Prefix('a😀b', 0, 4, 5)).toEqual({ end: 3, bytes: 5 });
    expect(utf8Prefix('xxab', 2, 3, 10)).toEqual({ end: 3, bytes: 1 });
  });

  it('measures as Buffer.byteLength does, and takes the longest prefix that fits', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.nat(40), (text, maxBytes) => {
        const { end, bytes } = utf8Prefix(text, 0, text.length, maxBytes);
        expect(bytes).toBe(Buffer.byteLength(text.slice(0, end)));
        expect(bytes).toBeLessThanOrEqual(maxBytes);
        // The next character, whole, would not fit (or there is none).
        const next = end < text.length ? String.fromCodePoint(text.codePointAt(end) ?? 0) : null;
        expect(next === null || bytes + Buffer.byteLength(next) > maxBytes).toBe(true);
      }),
    );
  });
});
