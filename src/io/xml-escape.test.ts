import { DomUtils, parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { parseStrictXml } from '../test-support/strict-xml.js';
import { escapeXmlAttribute, escapeXmlText, wrapXmlCdata } from './xml-escape.js';

const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const reference = {
  text: (text: string) => text.replace(FORBIDDEN, '').replace(/[&<>\r]/g, (c) => ENTITIES[c] ?? '&#13;'),
  attribute: (text: string) =>
    text.replace(FORBIDDEN, '').replace(/[&<>"'\t\n\r]/g, (c) => ENTITIES[c] ?? `&#${c.charCodeAt(0)};`),
};

/** Every UTF-16 unit around text, after a high surrogate and before a low one (pairs are allowed). */
function* everyUnit(): Generator<string> {
  for (let code = 0; code <= 0xffff; code++) {
    const c = String.fromCharCode(code);
    yield* [`a${c}b`, `${c}\uDC00`, `\uD83D${c}`];
  }
}

describe('escapeXmlText and escapeXmlAttribute', () => {
  it('equal the full replacement around every UTF-16 unit, pairs and lone surrogates included', () => {
    const mismatches: string[] = [];
    for (const text of everyUnit()) {
      if (escapeXmlText(text) !== reference.text(text)) mismatches.push(`text ${JSON.stringify(text)}`);
      if (escapeXmlAttribute(text) !== reference.attribute(text))
        mismatches.push(`attribute ${JSON.stringify(text)}`);
    }
    expect(mismatches).toEqual([]);
    expect(escapeXmlText('标题 <b>&"\'😀\u0001')).toBe('标题 &lt;b&gt;&amp;"\'😀');
    expect(escapeXmlAttribute('a\tb\nc"\'')).toBe('a&#9;b&#10;c&quot;&apos;');
  });

  it('give a conforming XML reader back the text without what XML 1.0 forbids, C0 controls never as references', () => {
    // C0 controls reach article bodies and titles (a feed's `&#x1b;` decodes to U+001B), and XML 1.0
    // forbids them even as character references (§4.1, "Legal Character").
    const text = `${Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)).join('')}\u007f\uFFFE\uD800 &<>"'😀`;
    const expected = text.replace(FORBIDDEN, '');
    // The only character references written are those of white space a reader would normalize.
    expect(escapeXmlText(text).match(/&#x?[\da-f]+;/gi)).toEqual(['&#13;']);
    expect(escapeXmlAttribute(text).match(/&#x?[\da-f]+;/gi)).toEqual(['&#9;', '&#10;', '&#13;']);
    const document = parseStrictXml(`<r a="${escapeXmlAttribute(text)}">${escapeXmlText(text)}</r>`);
    expect(document.documentElement.textContent).toBe(expected);
    expect(document.documentElement.getAttribute('a')).toBe(expected);
  });
});

describe('wrapXmlCdata', () => {
  it('gives an XML reader the same text as escaping, ]]> and forbidden characters included', () => {
    for (const text of ['<p>a &amp; b</p>', 'x]]>y]]]>z', ']]>', '标题\u0001😀\uD800', '']) {
      const read = (xml: string): string => DomUtils.textContent(parseDocument(xml, { xmlMode: true }));
      expect(read(`<r>${wrapXmlCdata(text)}</r>`), JSON.stringify(text)).toBe(
        read(`<r>${escapeXmlText(text)}</r>`),
      );
      expect(parseStrictXml(`<r>${wrapXmlCdata(text)}</r>`).documentElement.textContent).toBe(
        text.replace(FORBIDDEN, ''),
      );
    }
    expect(wrapXmlCdata('<b>&</b>')).toBe('<![CDATA[<b>&</b>]]>');
  });
});
