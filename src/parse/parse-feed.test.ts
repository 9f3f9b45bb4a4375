import { describe, expect, it } from 'vitest';
import { ParseError } from '../core/errors.js';
import { assignIdentities } from '../core/item-identity.js';
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

  it('keeps every item when one holds thousands of unclosed tags, flattening them', () => {
    const deep = '<p>para '.repeat(5000);
    const xml = `<rss><channel><title>t</title><item><title>deep</title><description>${deep}</description></item><item><title>second</title></item></channel></rss>`;
    const feed = parseFeed(xml, options);
    expect(feed.items.map((item) => item.title)).toEqual(['deep', 'second']);
    expect(feed.items[0]?.content?.match(/para/g)).toHaveLength(5000);
    expect(feed.warnings).toContainEqual(
      expect.stringMatching(/nested deeper than 256 levels were flattened/),
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

describe('identity', () => {
  it('keeps both items when a feed repeats a guid for different items', () => {
    const xml = `<rss version="2.0"><channel>
      <item><title>First</title><guid isPermaLink="false">same</guid></item>
      <item><title>Second</title><guid isPermaLink="false">same</guid></item></channel></rss>`;
    const { items } = parseFeed(xml, options);
    expect(items.map((item) => [item.id, item.title])).toEqual([
      ['same', 'First'],
      ['same', 'Second'],
    ]);
    expect(assignIdentities(items)).toHaveLength(2);
  });
});

describe('limits', () => {
  it('parses a 100,000-item feed in bounded time', () => {
    const item = (i: number) =>
      `<item><title>标题 ${i}</title><link>https://example.com/${i}</link><guid isPermaLink="false">g${i}</guid><pubDate>Thu, 16 Dec 2021 03:28:08 GMT</pubDate><description>&lt;p&gt;正文 ${i}&lt;/p&gt;</description></item>\n`;
    const parts = ['<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>'];
    for (let i = 0; i < 100_000; i++) parts.push(item(i));
    parts.push('</channel></rss>');
    const xml = parts.join('');
    const start = performance.now();
    const feed = parseFeed(xml, options);
    expect(performance.now() - start).toBeLessThan(15_000);
    expect(feed.items).toHaveLength(100_000);
    expect(feed.items[99_999]?.link).toBe('https://example.com/99999');
  }, 30_000);

  it('parses a 50 MB feed of large bodies without hanging', () => {
    const body = '&lt;p&gt;'.concat('新闻正文 body text '.repeat(2_500), '&lt;/p&gt;');
    const items = Array.from(
      { length: 1_000 },
      (_, i) => `<item><title>T${i}</title><description>${body}</description></item>`,
    );
    const xml = `<rss version="2.0"><channel>${items.join('')}</channel></rss>`;
    expect(xml.length).toBeGreaterThan(25_000_000);
    const start = performance.now();
    const feed = parseFeed(xml, options);
    expect(performance.now() - start).toBeLessThan(15_000);
    expect(feed.items).toHaveLength(1_000);
  }, 30_000);
});

describe('parseFeed and dates far in the future', () => {
  const feed = (pubDate: string, updated = '') =>
    `<rss version="2.0"><channel><title>T</title><item><title>A</title><pubDate>${pubDate}</pubDate>${updated}</item></channel></rss>`;
  const now = Date.parse('2024-05-06T00:00:00Z');

  it('drops a date more than two days after the fetch, with a warning, given the time of the fetch', () => {
    const parsed = parseFeed(feed('Sat, 01 Jan 2999 00:00:00 GMT'), { ...options, now });
    expect(parsed.items[0]?.published).toBeNull();
    expect(parsed.warnings).toEqual([
      'item 1 ("A"): date "Sat, 01 Jan 2999 00:00:00 GMT" is more than two days after the fetch, dropped',
    ]);
  });

  it('keeps a date a day ahead (a zone slip, a scheduled post), and falls back to a later field', () => {
    expect(parseFeed(feed('2024-05-07T12:00:00Z'), { ...options, now }).items[0]?.published).toBe(
      '2024-05-07T12:00:00.000Z',
    );
    const fallback = parseFeed(
      feed(
        '2030-01-01T00:00:00Z',
        '<atom:updated xmlns:atom="http://www.w3.org/2005/Atom">2024-05-01T00:00:00Z</atom:updated>',
      ),
      { ...options, now },
    );
    expect(fallback.items[0]?.published).toBe('2024-05-01T00:00:00.000Z');
  });

  it('judges no date too late without the time of the fetch, so a saved fixture reads the same every year', () => {
    expect(parseFeed(feed('2999-01-01T00:00:00Z'), options).items[0]?.published).toBe(
      '2999-01-01T00:00:00.000Z',
    );
  });
});

describe('control characters written as references', () => {
  // XML 1.0 §4.1 (WFC: Legal Character) forbids &#x1b; as it forbids a raw ESC, which parseFeed
  // removes; JSON writes them as \u001b. Either way they reached stored titles and the site's pages.
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const C0 = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

  it('are removed from titles, authors and categories (RSS, Atom, JSON Feed)', () => {
    const refs = '&#x1b;]0;PWNED&#x7;&#27;[2J&#x7f;';
    const rss = `<rss><channel><title>Feed${refs}</title><item><title>Item${refs}</title><author>a${refs}</author><category>c${refs}</category><link>https://a.example/1</link></item></channel></rss>`;
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">Feed${refs}</title><entry><id>1</id><title>Item${refs}</title><author><name>a${refs}</name></author><category term="c${refs}"/></entry></feed>`;
    const escapes = '\\u001b]0;PWNED\\u0007\\u001b[2J\\u007f';
    const json = `{"version":"https://jsonfeed.org/version/1.1","title":"Feed${escapes}","items":[{"id":"1","title":"Item${escapes}","authors":[{"name":"a${escapes}"}],"tags":["c${escapes}"],"content_text":"x"}]}`;
    for (const document of [rss, atom, json]) {
      const feed = parseFeed(document, options);
      const item = feed.items[0];
      expect(feed.title).toBe('Feed]0;PWNED[2J');
      expect(item?.title).toBe('Item]0;PWNED[2J');
      expect(item?.author).toBe('a]0;PWNED[2J');
      expect(item?.categories).toEqual(['c]0;PWNED[2J']);
      expect(JSON.stringify(feed)).not.toMatch(C0);
    }
  });
});
