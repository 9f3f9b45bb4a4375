import { describe, expect, it } from 'vitest';
import { parseFeed } from '../parse-feed.js';
import { parseFixture } from '../testdata/fixtures.js';

describe('RSS 2.0', () => {
  const feed = parseFixture('rss2.xml');
  const [first, second, third, fourth] = feed.items;

  it('maps the channel, decoding double-escaped entities and stripping tags', () => {
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('Example & Friends — News');
    expect(feed.link).toBe('https://example.com/');
    expect(feed.description).toBe('Latest news from Example');
    expect(feed.items).toHaveLength(4);
  });

  it('uses content:encoded as content and description as summary', () => {
    expect(first?.title).toBe('Rust & TypeScript in 2021');
    expect(first?.content).toBe('<p>Full <a href="/about">body</a> &amp; more.</p>');
    expect(first?.summary).toBe('<p>Short &amp; sweet.</p>');
    expect(first?.id).toBe('post-1001');
    expect(first?.link).toBe('https://example.com/posts/rust-ts');
    expect(first?.published).toBe('2021-12-16T03:28:08.000Z');
    expect(first?.author).toBe('Alice, Bob');
    expect(first?.categories).toEqual(['Programming', 'Rust']);
    expect(first?.enclosures).toEqual([
      { url: 'https://cdn.example.com/audio/1001.mp3', type: 'audio/mpeg', length: 123456 },
    ]);
    expect(first?.image).toBe('https://cdn.example.com/thumbs/1001.jpg');
  });

  it('uses description as content when there is no content:encoded, and a permalink guid as link', () => {
    expect(second?.content).toBe('Plain <b>HTML</b> description');
    expect(second?.summary).toBeNull();
    expect(second?.link).toBe('https://example.com/posts/permalink-guid');
    expect(second?.published).toBe('2021-12-17T01:00:00.000Z');
    expect(second?.author).toBe('Eve Editor');
    expect(second?.enclosures).toEqual([
      { url: 'https://cdn.example.com/video/1002.mp4', type: 'video/mp4', length: 999 },
    ]);
    expect(second?.image).toBe('https://cdn.example.com/img/1002.png');
  });

  it('resolves relative links against the feed URL and reads dc:date and itunes:image', () => {
    expect(third?.link).toBe('https://feeds.example.com/episodes/3');
    expect(third?.id).toBe('opaque-id-without-url');
    expect(third?.published).toBe('2021-12-18T09:00:00.000Z');
    expect(third?.image).toBe('https://cdn.example.com/art/3.jpg');
    expect(third?.enclosures[0]?.length).toBeNull();
    expect(third?.content).toBeNull();
  });

  it('keeps an item with missing fields as nulls and warns about its date', () => {
    expect(fourth).toMatchObject({ id: null, title: null, link: null, published: null, author: null });
    expect(fourth?.image).toBe('https://feeds.example.com/img/cover.jpg');
    expect(feed.warnings).toEqual(['item 4: unparseable date "sometime last week"']);
  });

  it('does not use an opaque guid as link, and keeps a relative link when there is no base', () => {
    const xml = `<rss version="0.91"><channel><title>Old</title>
      <item><title>A</title><guid>12345</guid></item>
      <item><title>B</title><link>/relative/b</link></item></channel></rss>`;
    const items = parseFeed(xml, { timezone: 'UTC' }).items;
    expect(items[0]?.link).toBeNull();
    expect(items[0]?.id).toBe('12345');
    expect(items[1]?.link).toBe('/relative/b');
  });

  it('resolves xml:base on the channel and item, and reports it as the content base', () => {
    const xml = `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
      <channel xml:base="https://site.example/blog/"><item><link>post-1</link>
        <content:encoded xml:base="/assets/">&lt;img src="a.png"&gt;</content:encoded></item>
      <item xml:base="https://mirror.example/x/"><link>post-2</link><description>d</description></item></channel></rss>`;
    const [a, b] = parseFeed(xml, { url: 'https://feeds.example/rss', timezone: 'UTC' }).items;
    expect(a?.link).toBe('https://site.example/blog/post-1');
    expect(a?.baseUrl).toBe('https://site.example/assets/');
    expect(b?.link).toBe('https://mirror.example/x/post-2');
    expect(b?.baseUrl).toBe('https://mirror.example/x/');
  });
});

describe('a Chinese RSS feed (text already decoded from GB2312)', () => {
  const feed = parseFixture('chinese-rss.xml');

  it('decodes undeclared HTML entities in titles', () => {
    expect(feed.title).toBe('新浪新闻 — 国内');
    expect(feed.items[0]?.title).toBe('“双减”政策落地一周年…');
    expect(feed.items[1]?.title).toBe('北京&天津：冬季供暖');
  });

  it('reads Chinese and offset-less dates in the configured zone', () => {
    expect(feed.items[0]?.published).toBe('2021-12-16T03:28:00.000Z');
    expect(feed.items[1]?.published).toBe('2021-12-16T00:00:00.000Z');
  });

  it('keeps CDATA content verbatim', () => {
    expect(feed.items[0]?.content).toBe('<p>记者从教育部获悉……<img src="/images/1.jpg"></p>');
    expect(feed.items[0]?.author).toBe('新华社');
    expect(feed.items[0]?.categories).toEqual(['教育']);
    expect(feed.warnings).toEqual([]);
  });
});
