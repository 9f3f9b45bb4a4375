import fc from 'fast-check';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { MAX_XML_ATTRIBUTES, readXml } from './xml-reader.js';

/** The events of the reader, as `open:name{attrs}`, `close:name`, `text:…` and `cdata:…`. */
function readerEvents(xml: string): string[] {
  const seen: string[] = [];
  readXml(xml, {
    onopentag: (name, attrs) => seen.push(`open:${name}${JSON.stringify(attrs)}`),
    onclosetag: (name) => seen.push(`close:${name}`),
    ontext: (raw) => seen.push(`text:${raw}`),
    oncdata: (text) => seen.push(`cdata:${text}`),
  });
  return seen;
}

/** The same events from htmlparser2's Parser, configured as newsmill used to configure it. */
function parserEvents(xml: string): string[] {
  const seen: string[] = [];
  let inCdata = false;
  const parser = new Parser(
    {
      onopentag: (name, attrs) => seen.push(`open:${name}${JSON.stringify(attrs)}`),
      onclosetag: (name) => seen.push(`close:${name}`),
      ontext: (raw) => seen.push(`${inCdata ? 'cdata' : 'text'}:${raw}`),
      oncdatastart: () => (inCdata = true),
      oncdataend: () => (inCdata = false),
    },
    { xmlMode: true, decodeEntities: false, recognizeCDATA: true },
  );
  parser.end(xml);
  return seen;
}

const FRAGMENTS = [
  '<a>',
  '<b>',
  '<A>',
  '</a>',
  '</b>',
  '</A>',
  '</c>',
  '<a/>',
  '<b x="1" y=\'2\' x="3">',
  '<c z>',
  'text',
  ' & more ',
  '<![CDATA[<a>]]>',
  '<!-- </a> -->',
  '<?pi x?>',
  '<!DOCTYPE a>',
];

describe('readXml', () => {
  it('reports what htmlparser2 reports, on random soup of markup fragments', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }), (fragments) => {
        const xml = fragments.join('');
        expect(readerEvents(xml)).toEqual(parserEvents(xml));
      }),
      { numRuns: 500 },
    );
  });

  it('tells an element closed by its own end tag or `/>` from one left open', () => {
    const closes: string[] = [];
    readXml('<r><a><b></a><c/><d>', {
      onopentag: () => {},
      onclosetag: (name, implied) => closes.push(`${name}${implied ? ' (implied)' : ''}`),
    });
    expect(closes).toEqual(['b (implied)', 'a', 'c', 'd (implied)', 'r (implied)']);
  });

  it('reports offsets in the whole text when it starts past a prolog', () => {
    const prolog = '<!DOCTYPE x [ <!ENTITY e "<z>"> ]>';
    const names: string[] = [];
    const starts: number[] = [];
    const handlers = {
      onopentag: (name: string, _attrs: unknown, at: number) => names.push(name) && starts.push(at),
      onclosetag: () => {},
    };
    readXml(`${prolog}<x><y/></x>`, handlers, prolog.length);
    expect(names).toEqual(['x', 'y']);
    expect(starts).toEqual([prolog.length, prolog.length + 3]);
  });

  it(`keeps the first ${MAX_XML_ATTRIBUTES} attributes of a tag, and none when they are not wanted`, () => {
    const names = Array.from({ length: MAX_XML_ATTRIBUTES + 5 }, (_, i) => `a${i}="${i}"`).join(' ');
    const counts: number[] = [];
    let want = true;
    readXml(`<x ${names}/><y ${names}/>`, {
      onopentag: (_name, attrs) => {
        counts.push(Object.keys(attrs).length);
        want = false;
      },
      onclosetag: () => {},
      wantsAttributes: () => want,
    });
    expect(counts).toEqual([MAX_XML_ATTRIBUTES, 0]);
  });

  it('gives attributes no prototype, so `__proto__` and `constructor` are names like any other', () => {
    let attrs: Record<string, string> = {};
    readXml('<x __proto__="p" constructor="c"/>', {
      onopentag: (_name, found) => (attrs = found),
      onclosetag: () => {},
    });
    expect(Object.entries(attrs)).toEqual([
      ['__proto__', 'p'],
      ['constructor', 'c'],
    ]);
  });
});
