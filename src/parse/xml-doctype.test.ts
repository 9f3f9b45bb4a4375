import { describe, expect, it } from 'vitest';
import { parseFeed } from './parse-feed.js';

const options = { url: 'https://feeds.example.com/feed.xml', timezone: 'UTC' };

/** An RSS feed with the given internal DTD subset and one item whose title is `title`. */
function feed(subset: string, title: string, extra = ''): string {
  return `<?xml version="1.0"?>\n<!DOCTYPE rss [${subset}]>\n<rss version="2.0"><channel><title>T</title><item><title>${title}</title>${extra}</item></channel></rss>`;
}

function titleOf(xml: string): string | null {
  return parseFeed(xml, options).items[0]?.title ?? null;
}

describe('entities declared in the internal DTD subset', () => {
  it('are expanded in text and attribute values', () => {
    const xml = feed(
      '<!ENTITY site "Example News"><!ENTITY path \'/articles\'>',
      'From &site;',
      '<link>https://news.example&path;/1</link><enclosure url="https://news.example&path;/1.mp3" type="audio/mpeg"/>',
    );
    const item = parseFeed(xml, options).items[0];
    expect(item?.title).toBe('From Example News');
    expect(item?.link).toBe('https://news.example/articles/1');
    expect(item?.enclosures[0]?.url).toBe('https://news.example/articles/1.mp3');
  });

  it('may refer to one another in any order, and to character references', () => {
    const subset = '<!ENTITY a "[&b;]"><!ENTITY b "&#169; &c;"><!ENTITY c "&#38;lt;3 &#38;amp; more">';
    expect(titleOf(feed(subset, '&a;'))).toBe('[© <3 & more]');
  });

  it('take precedence over the HTML names feeds use undeclared', () => {
    expect(titleOf(feed('<!ENTITY mdash "--">', 'a &mdash; b &hellip;'))).toBe('a -- b …');
  });

  it('are text, not markup, and may hold ">" and "]"', () => {
    expect(titleOf(feed('<!ENTITY m "a > b ]]> c">', '&m;'))).toBe('a > b ]]> c');
  });

  it('skip what comments, ATTLIST defaults and processing instructions hold', () => {
    const subset =
      '<!-- <!ENTITY a "comment"> ]> --><!ATTLIST item x CDATA "<!ENTITY b \'attlist\'> ]>"><?pi ]> ?><!ENTITY c "real">';
    expect(titleOf(feed(subset, '&a;&b;&c;'))).toBe('&a;&b;real');
  });

  it('are never read from outside: SYSTEM and PUBLIC entities stay as written', () => {
    const subset =
      '<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY pub PUBLIC "-//X//EN" "http://127.0.0.1:9/x">';
    const parsed = parseFeed(feed(subset, '&xxe;&pub;'), options);
    expect(parsed.items[0]?.title).toBe('&xxe;&pub;');
    expect(parsed.warnings).toContain('XML: 2 external entities declared in the DOCTYPE were not read');
  });

  it('are not declared by parameter entities, nor after a parameter entity reference', () => {
    const subset = '<!ENTITY % pe "<!ENTITY a \'from pe\'>"> %pe; <!ENTITY b "after">';
    expect(titleOf(feed(subset, '&a;&b;'))).toBe('&a;&b;');
  });

  it('keep the first of two declarations of one name', () => {
    expect(titleOf(feed('<!ENTITY a "first"><!ENTITY a "second">', '&a;'))).toBe('first');
  });

  it('that refer to themselves stay as written', () => {
    const parsed = parseFeed(feed('<!ENTITY a "x&b;"><!ENTITY b "&a;y">', '&a;|&b;'), options);
    expect(parsed.items[0]?.title).toBe('&a;|&b;');
    expect(parsed.warnings).toContain('XML: entity &a; refers to itself and was not expanded');
  });

  it('stay bounded in a billion laughs', () => {
    const levels = ['<!ENTITY lol0 "lol">'];
    for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
    const started = performance.now();
    const parsed = parseFeed(feed(levels.join(''), '&lol9;'), options);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(parsed.items[0]?.title).toBe('&lol9;');
    expect(parsed.warnings).toContain(
      'XML: entity expansion stopped at 1048576 characters; later references were left as written',
    );
  });

  it('stay bounded when one large entity is used many times', () => {
    const body = '&big;'.repeat(20_000);
    const xml = feed(`<!ENTITY big "${'x'.repeat(100_000)}">`, 'big', `<description>${body}</description>`);
    const started = performance.now();
    const parsed = parseFeed(xml, options);
    expect(performance.now() - started).toBeLessThan(1000);
    const content = parsed.items[0]?.content ?? '';
    expect(content.startsWith('x'.repeat(1_000_000))).toBe(true);
    expect(content.length).toBe(1_000_000 + 19_990 * '&big;'.length);
  });

  it('stay bounded in a long chain of entities, each naming the next', () => {
    const chain = Array.from({ length: 100_000 }, (_, i) => `<!ENTITY e${i} "&e${i + 1};">`).join('');
    const parsed = parseFeed(feed(`${chain}<!ENTITY e100000 "end">`, '&e0;|&e99990;'), options);
    expect(parsed.items[0]?.title).toMatch(/^&e\d+;\|end$/);
  });

  it('read 20 MB of declarations and references in linear time', () => {
    const count = 400_000;
    const names = Array.from({ length: count }, (_, i) => `entity${i}`);
    const subset = names.map((name, i) => `<!ENTITY ${name} "v${i}">\n`).join('');
    const body = names.map((name) => `&${name}; `).join('');
    const xml = feed(subset, '&entity7;', `<description>${body}</description>`);
    expect(xml.length).toBeGreaterThan(15_000_000);
    const cpu = process.cpuUsage();
    const parsed = parseFeed(xml, options);
    const used = process.cpuUsage(cpu);
    // About half a second of CPU on a quiet machine; a quadratic reader would take minutes.
    expect((used.user + used.system) / 1000).toBeLessThan(2000);
    expect(parsed.items[0]?.title).toBe('v7');
    expect(parsed.items[0]?.content).toMatch(new RegExp(`^v0 v1 v2 .* v${count - 1}\\s*$`));
  });

  it('leave a DOCTYPE without a subset, or with an unfinished one, read as before', () => {
    expect(
      titleOf(
        '<!DOCTYPE rss SYSTEM "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss><channel><item><title>a&amp;b</title></item></channel></rss>',
      ),
    ).toBe('a&b');
    expect(
      titleOf('<!DOCTYPE rss [<!ENTITY a "x"><rss><channel><item><title>t</title></item></channel></rss>'),
    ).toBe('t');
  });
});
