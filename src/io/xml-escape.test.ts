import { describe, expect, it } from 'vitest';
import { DomUtils, parseDocument } from 'htmlparser2';
import { cdataXml, escapeHtml, escapeXml } from './html-escape.js';

/** escapeXml without its fast path: drop what XML 1.0 forbids, then escape markup. */
function reference(text: string): string {
  return escapeHtml(text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, ''));
}

describe('escapeXml', () => {
  it('equals the full replacement around every UTF-16 unit, pairs and lone surrogates included', () => {
    const mismatches: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      for (const text of [`a${c}b`, `${c}\uDC00`, `\uD83D${c}`]) {
        if (escapeXml(text) !== reference(text))
          mismatches.push(`U+${code.toString(16)} in ${JSON.stringify(text)}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(escapeXml('标题 <b>&"\'😀\u0001')).toBe('标题 &lt;b&gt;&amp;&quot;&#39;😀');
  });
});

describe('cdataXml', () => {
  it('gives an XML reader the same text as escaping, ]]> and forbidden characters included', () => {
    for (const text of ['<p>a &amp; b</p>', 'x]]>y]]]>z', ']]>', '标题\u0001😀\uD800', '']) {
      const read = (xml: string): string => DomUtils.textContent(parseDocument(xml, { xmlMode: true }));
      expect(read(`<r>${cdataXml(text)}</r>`), JSON.stringify(text)).toBe(read(`<r>${escapeXml(text)}</r>`));
    }
    expect(cdataXml('<b>&</b>')).toBe('<![CDATA[<b>&</b>]]>');
  });
});
