import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { escapeHtmlAttribute, escapeHtmlText } from './html-escape.js';

/** What an HTML parser reads back of `<p title="attribute">text</p>`. */
function readBack(html: string): { text: string; attribute: string | undefined } {
  const p = parseDocument(html, { decodeEntities: true }).children[0] as unknown as {
    attribs: Record<string, string>;
    children: { data?: string }[];
  };
  return { text: p.children.map((child) => child.data ?? '<element>').join(''), attribute: p.attribs.title };
}

describe('escapeHtmlText and escapeHtmlAttribute', () => {
  it('read back as the same text, as element content and as a double- or single-quoted attribute value', () => {
    for (const value of [
      '',
      'plain 标题',
      '<b>&amp;</b>',
      `"quoted" and 'single'`,
      'a\r\nb\nc',
      '&lt;',
      '>',
    ]) {
      expect(readBack(`<p title="${escapeHtmlAttribute(value)}">${escapeHtmlText(value)}</p>`)).toEqual({
        text: value,
        attribute: value,
      });
      expect(readBack(`<p title='${escapeHtmlAttribute(value)}'>${escapeHtmlAttribute(value)}</p>`)).toEqual({
        text: value,
        attribute: value,
      });
    }
  });

  it('return text with nothing to escape as it is', () => {
    const title = '冬奥会 · Beijing 2022';
    expect(escapeHtmlText(title)).toBe(title);
    expect(escapeHtmlAttribute(title)).toBe(title);
    expect(escapeHtmlText(`a "b" 'c' <d> & e`)).toBe(`a "b" 'c' &lt;d&gt; &amp; e`);
    expect(escapeHtmlAttribute(`a "b" 'c'\n`)).toBe('a &quot;b&quot; &#39;c&#39;&#10;');
  });
});
