import { describe, expect, it } from 'vitest';
import { ParseError } from '../../core/errors.js';
import { parseFeed } from '../parse-feed.js';
import { parseFixture } from '../testdata/fixtures.js';

describe('JSON Feed 1.0', () => {
  const feed = parseFixture('json-feed-1.0.json');
  const [first, second] = feed.items;

  it('maps the feed and skips non-object items with a warning', () => {
    expect(feed.format).toBe('json');
    expect(feed.title).toBe('JSON & Friends');
    expect(feed.link).toBe('https://json.example.com/');
    expect(feed.description).toBe('A JSON Feed 1.0');
    expect(feed.items).toHaveLength(2);
    expect(feed.warnings).toEqual(['item 3: not a JSON object, skipped']);
  });

  it('escapes content_text into paragraphs and maps the rest', () => {
    expect(first).toEqual({
      id: '2',
      title: 'Second post',
      link: 'https://feeds.example.com/posts/2',
      published: '2021-12-16T03:28:08.000Z',
      updated: null,
      author: 'Jane Feed',
      summary: '<p>Short &amp; plain</p>',
      content: '<p>Line 1 &amp; &lt;2&gt;<br>Line 2</p><p>Paragraph 2</p>',
      categories: ['json', 'feeds'],
      enclosures: [],
      image: 'https://feeds.example.com/img/2.png',
      baseUrl: null,
    });
  });

  it('uses external_url, the 1.0 author object, attachments and date_modified as fallback', () => {
    expect(second?.link).toBe('https://elsewhere.example.org/article');
    expect(second?.author).toBe('Item Author');
    expect(second?.content).toBe('<p>Hello <em>world</em></p>');
    expect(second?.published).toBe('2021-12-15T00:00:00.000Z');
    expect(second?.updated).toBe('2021-12-15T00:00:00.000Z');
    expect(second?.enclosures).toEqual([
      { url: 'https://json.example.com/a.mp3', type: 'audio/mpeg', length: 42 },
    ]);
  });
});

describe('JSON Feed 1.1', () => {
  const feed = parseFixture('json-feed-1.1.json');
  const [first, second] = feed.items;

  it('joins authors[] names and decodes entities in titles', () => {
    expect(first?.title).toBe('多个作者 的文章');
    expect(first?.author).toBe('甲, 乙');
    expect(first?.published).toBe('2021-12-16T03:28:08.000Z');
    expect(first?.image).toBe('https://v11.example.com/banner.jpg');
  });

  it('inherits feed authors, turns empty text into null, and takes an image attachment as image', () => {
    expect(second?.author).toBe('Feed One, Feed Two');
    expect(second?.title).toBeNull();
    expect(second?.content).toBeNull();
    expect(second?.image).toBe('https://v11.example.com/cover.webp');
  });
});

describe('JSON that is not a feed', () => {
  it('is refused with ParseError', () => {
    expect(() => parseFeed('{"name": "package", "version": "1.0.0"}', { timezone: 'UTC' })).toThrow(
      ParseError,
    );
    expect(() => parseFeed('[1, 2, 3]', { timezone: 'UTC' })).toThrow(/not a feed/);
    expect(() => parseFeed('{"items": [', { timezone: 'UTC' })).toThrow(/does not parse/);
  });
});
