import { describe, expect, it } from 'vitest';
import { parseFeed } from '../parse-feed.js';
import { parseFixture } from '../testdata/fixtures.js';

describe('Atom 1.0', () => {
  const feed = parseFixture('atom.xml');
  const [first, second, third] = feed.items;

  it('maps the feed, resolving its link against the feed-level xml:base', () => {
    expect(feed.format).toBe('atom');
    expect(feed.title).toBe('Dev Notes & Things');
    expect(feed.description).toBe('Notes about development');
    expect(feed.link).toBe('https://blog.example.org/');
  });

  it('keeps a type="text" title literal', () => {
    expect(first?.title).toBe('Less <than> & more');
    expect(second?.title).toBe('An XHTML title');
  });

  it('resolves links and enclosures against the feed-level xml:base', () => {
    expect(first?.id).toBe('tag:blog.example.org,2021:1');
    expect(first?.link).toBe('https://blog.example.org/posts/1.html');
    expect(first?.enclosures).toEqual([
      { url: 'https://blog.example.org/media/1.mp3', type: 'audio/mpeg', length: 5000 },
    ]);
    expect(first?.baseUrl).toBe('https://blog.example.org/');
  });

  it('maps dates, several authors, categories, summary and HTML content', () => {
    expect(first?.published).toBe('2021-12-16T03:28:08.000Z');
    expect(first?.updated).toBe('2021-12-17T00:00:00.000Z');
    expect(first?.author).toBe('Ann, Ben');
    expect(first?.categories).toEqual(['js', 'Only label']);
    expect(first?.summary).toBe('<p>Plain summary with a &lt;tag&gt; &amp; an ampersand</p>');
    expect(first?.content).toBe('<p>Body with <img src="img/1.png"></p>');
  });

  it('applies an entry-level xml:base and a content-level one', () => {
    expect(second?.link).toBe('https://other.example.net/blog/2021/two');
    expect(second?.baseUrl).toBe('https://other.example.net/content-root/');
    expect(second?.content).toBe('<p>Hello <a href="page.html">link</a> &amp; 1 &lt; 2</p><br>');
  });

  it('falls back to updated for published and to the feed author', () => {
    expect(second?.published).toBe('2021-12-18T13:00:00.000Z');
    expect(second?.author).toBe('Feed Author');
  });

  it('escapes text content into paragraphs and reads a date-only published in the feed zone', () => {
    expect(third?.content).toBe('<p>Line one &amp; &lt;two&gt;</p><p>Second paragraph</p>');
    expect(third?.link).toBe('https://absolute.example.com/3');
    expect(third?.published).toBe('2021-12-18T16:00:00.000Z');
  });

  it('resolves a link against its own element-level xml:base', () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><entry>
      <link href="/3" xml:base="https://per-link.example.com/deep/"/></entry></feed>`;
    expect(parseFeed(xml, { timezone: 'UTC' }).items[0]?.link).toBe('https://per-link.example.com/3');
  });

  it('reads Media RSS inside Atom (YouTube style)', () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
      <entry><title>Video</title><media:group><media:title>Video</media:title>
      <media:thumbnail url="https://i.example.com/vi/1.jpg"/></media:group></entry></feed>`;
    expect(parseFeed(xml, { timezone: 'UTC' }).items[0]?.image).toBe('https://i.example.com/vi/1.jpg');
  });
});

describe('Atom 0.3', () => {
  it('maps issued, modified, tagline and escaped content', () => {
    const feed = parseFixture('atom03.xml');
    expect(feed.format).toBe('atom');
    expect(feed.description).toBe('Still around');
    expect(feed.items[0]).toMatchObject({
      title: 'Legacy entry',
      link: 'http://old.example.com/1',
      published: '2004-05-01T17:00:00.000Z',
      updated: '2004-05-02T12:00:00.000Z',
      author: 'Mark',
      content: '<p>Escaped <b>HTML</b></p>',
      summary: '<p>Plain summary</p>',
    });
  });
});
