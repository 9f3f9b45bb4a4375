import { describe, expect, it } from 'vitest';
import { limitCategoryName, MAX_NAME_BYTES, truncateUtf8 } from './name-length.js';

describe('truncateUtf8', () => {
  it('leaves short text alone and cuts long text without splitting what reads as one character', () => {
    expect(truncateUtf8('abc', 3)).toBe('abc');
    expect(truncateUtf8('汉字', 5)).toBe('汉');
    // A family emoji is seven code points and 25 bytes: it stays whole or goes.
    const family = '👨‍👩‍👧‍👦';
    expect(truncateUtf8(`a${family}`, 20)).toBe('a');
    expect(truncateUtf8(`a${family}b`, 26)).toBe(`a${family}`);
    expect(truncateUtf8('e\u0301e\u0301', 4)).toBe('e\u0301');
    expect(truncateUtf8('🇨🇳🇯🇵', 12)).toBe('🇨🇳');
  });

  it('cuts a single cluster longer than the limit between its characters', () => {
    const text = `a${'\u0301'.repeat(100)}`;
    const cut = truncateUtf8(text, 11);
    expect(cut).toBe(`a${'\u0301'.repeat(5)}`);
  });
});

describe('limitCategoryName', () => {
  it('keeps names up to the limit and cuts longer ones to it, without a trailing space', () => {
    expect(limitCategoryName('科技')).toBe('科技');
    const exact = 'x'.repeat(MAX_NAME_BYTES);
    expect(limitCategoryName(exact)).toBe(exact);
    expect(limitCategoryName('汉'.repeat(140))).toBe('汉'.repeat(40));
    expect(limitCategoryName(`${'x'.repeat(MAX_NAME_BYTES - 1)} tail`)).toBe('x'.repeat(MAX_NAME_BYTES - 1));
  });
});
