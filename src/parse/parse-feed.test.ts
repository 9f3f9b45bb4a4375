import { describe, expect, it } from 'vitest';
import { ParseError } from '../core/errors.js';
import { parseFeed } from './parse-feed.js';
import { parseFixture, readFixture } from './testdata/fixtures.js';

const options = { url: 'https://feeds.example.com/feed.xml', timezone: 'UTC' };

describe('parseFeed format sniffing', () => {
  it.each([
    ['rss2.xml', 'rss'],
    ['rss1.rdf', 'rdf'],
    ['atom.xml', 'atom'],
    ['atom03.xml', 'atom'],
    ['json-feed-1.0.json', 'json'],
    ['json-feed-1.1.json', 'json'],
  ])('reads %s as %s', (name, format) => {
    expect(parseFixture(name).format).toBe(format);
  });

  it('ignores a BOM, blank lines and a comment or doctype before the root', () => {
    const xml =
      '\uFEFF\n\n  <?xml version="1.0"?><!-- generator --><!DOCTYPE rss><rss><channel><title>T</title></channel></rss>';
    expect(parseFeed(xml, options).title).toBe('T');
    expect(parseFeed('\uFEFF{"version":"https://jsonfeed.org/version/1.1","items":[]}', options).format).toBe(
      'json',
    );
  });

  it('skips junk markup that a server printed before the feed', () => {
    const xml =
      '<br />\n<b>Warning</b>: something in <b>/var/www/feed.php</b><br />\n<?xml version="1.0"?><rss><channel><item><title>Kept</title></item></channel></rss>';
    expect(parseFeed(xml, options).items[0]?.title).toBe('Kept');
  });
});

describe('documents that are not feeds', () => {
  it('refuses an HTML page, naming its root element', () => {
    expect(() => parseFeed(readFixture('not-a-feed.html'), options)).toThrow(
      new ParseError('not a feed: expected <rss>, <rdf:RDF> or <feed>, but the root element is <html>'),
    );
  });

  it('refuses empty and plain-text documents', () => {
    expect(() => parseFeed('', options)).toThrow('not a feed: the document is empty');
    expect(() => parseFeed(' \n\uFEFF ', options)).toThrow(ParseError);
    expect(() => parseFeed('just some text', options)).toThrow(/no XML elements/);
  });
});

describe('an ill-formed feed', () => {
  const feed = parseFixture('ill-formed.xml');

  it('still yields every item, including the truncated last one', () => {
    expect(feed.title).toBe('Broken feed');
    expect(feed.items.map((item) => item.title)).toEqual([
      'Good one',
      'Unclosed bold',
      'Q&A with AT&T',
      'Truncated',
    ]);
    expect(feed.items.map((item) => item.link)).toEqual([
      'https://broken.example/1',
      'https://broken.example/2',
      'https://broken.example/3?a=1&b=2',
      'https://broken.example/4',
    ]);
  });

  it('serializes unescaped HTML in a description back to markup', () => {
    expect(feed.items[0]?.content).toBe('<p>Raw <b>HTML</b> left unescaped<br>next line</p>');
    expect(feed.items[3]?.content).toBe('cut off here');
  });

  it('reports the problem as a warning', () => {
    expect(feed.warnings).toEqual([
      'ill-formed XML: 6 element(s) not closed properly, first <br> near line 3',
    ]);
  });
});

describe('warnings', () => {
  it('are capped so a feed of bad dates stays readable', () => {
    const items = Array.from({ length: 80 }, (_, i) => `<item><pubDate>bad ${i}</pubDate></item>`).join('');
    const feed = parseFeed(`<rss><channel>${items}</channel></rss>`, options);
    expect(feed.items).toHaveLength(80);
    expect(feed.warnings).toHaveLength(51);
    expect(feed.warnings[50]).toBe('…and 30 more warnings');
  });
});
