import { decodeHTML } from 'entities';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHexoBraces, escapeHexoHtmlText } from './hexo-escape.js';

// Text rich in what the escapers act on: markup characters, braces and every kind of line break.
const hexoText = fc
  .array(
    fc.constantFrom('a', '冬', ' ', '\t', '\f', '\n', '\r', '\r\n', '&', '<', '>', '{', '}', '{{', '%}'),
    {
      maxLength: 40,
    },
  )
  .map((parts) => parts.join(''));

describe('escapeHexoHtmlText', () => {
  it('leaves no blank line and no markup, and decodes back to the text with its newlines as LF', () => {
    fc.assert(
      fc.property(hexoText, (text) => {
        const escaped = escapeHexoHtmlText(text);
        // A line of nothing but spaces, tabs and form feeds between two others would end Hexo's HTML
        // block (the sanitizer trims the body's ends).
        expect(escaped).not.toMatch(/\n[ \t\f]*\n/);
        expect(escaped).not.toMatch(/[<>\r]|&(?!amp;|lt;|gt;|#10;)/);
        expect(decodeHTML(escaped)).toBe(text.replace(/\r\n?/g, '\n'));
      }),
    );
    expect(escapeHexoHtmlText('a\n\nb <c>')).toBe('a&#10;\nb &lt;c&gt;');
    const plain = '没有要转义的';
    expect(escapeHexoHtmlText(plain)).toBe(plain);
  });
});

describe('escapeHexoBraces', () => {
  it('leaves no brace for Nunjucks and decodes back to the same text', () => {
    fc.assert(
      fc.property(hexoText, (text) => {
        const escaped = escapeHexoBraces(text);
        expect(escaped).not.toMatch(/[{}]/);
        expect(escaped.replaceAll('&#123;', '{').replaceAll('&#125;', '}')).toBe(text);
      }),
    );
  });
});
