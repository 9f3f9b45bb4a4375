import { describe, expect, it } from 'vitest';
import { storyBucket, storyKey, storyKeyBucket } from './story-link.js';

describe('storyKey', () => {
  it('gives copies of one article the same key', () => {
    const copies = [
      'https://www.example.com/news/2026/12/a-story',
      'http://example.com/news/2026/12/a-story/',
      'https://EXAMPLE.com:443/news/2026/12/a-story#comments',
      'https://example.com/news/2026/12/a-story?utm_source=rss&utm_medium=feed&fbclid=x',
      'https://example.com/news/2026/12/a-story?spm=a2c6h.12873639&from=timeline&isappinstalled=0',
      'https://amp.example.com/news/2026/12/a-story',
      'https://example.com/amp/news/2026/12/a-story',
      'https://example.com/news/2026/12/a-story/amp/',
      'https://example.com/news/2026/12/a-story?amp=1',
      'https://example.com/news/2026/12/a-story?outputType=amp',
      'https://example-com.cdn.ampproject.org/c/s/example.com/news/2026/12/a-story',
    ];
    const keys = new Set(copies.map(storyKey));
    expect([...keys]).toEqual(['example.com/news/2026/12/a-story']);
  });

  it('keeps what tells two articles apart', () => {
    const distinct = [
      'https://example.com/article?id=1',
      'https://example.com/article?id=2',
      'https://example.com/Article?id=1',
      'https://m.example.com/article?id=1',
      'https://example.org/article?id=1',
      'https://example.com/article?id=1&page=2',
      'https://example.com/article?outputType=json&id=1',
      'https://example.com/article.html',
      'https://example.com/article.amp.html',
    ];
    const keys = distinct.map(storyKey);
    // The last two are one article: .amp before the extension is its AMP copy.
    expect(new Set(keys).size).toBe(distinct.length - 1);
    expect(storyKey('https://example.com/article.amp.html')).toBe('example.com/article.html');
  });

  it('sorts the parameters it keeps', () => {
    expect(storyKey('https://example.com/a?b=2&a=1')).toBe(
      storyKey('https://example.com/a?a=1&b=2&utm_campaign=z'),
    );
  });

  it('merges nothing that is not an http(s) URL', () => {
    for (const link of [
      null,
      '',
      'urn:uuid:1',
      'mailto:a@example.com',
      '/relative/path',
      'https://',
      'http://exa mple.com/',
    ])
      expect(storyKey(link)).toBeNull();
  });

  it('buckets every link by the last path segment of its key, with or without the parser', () => {
    const links = [
      'https://www.example.com/news/2026/12/a-story/amp/?utm_source=x#top',
      'https://example.com/amp/news/a.amp.html',
      'https://example.com/',
      'https://example.com',
      'https://www.example.com/amp/',
      'https://example.com/%E6%96%B0%E9%97%BB/1',
      'https://example.com/新闻/1',
      'https://example.com\\news\\1',
      'https://example.com/a/./b/../c',
      'https://EXAMPLE.com:8080/A/B?id=1',
      'https://example-com.cdn.ampproject.org/c/s/example.com/news/1',
      'https://example-com.cdn.ampproject.org/c/s/example.com',
      'https://EXAMPLE-COM.CDN.AMPPROJECT.ORG/c/s/example.com',
      'https://127.0.0.1/x',
      'https://0x7f.1/x/',
      'http://exa mple.com/',
      'ftp://example.com/a',
      'https://example.com/a?b=/c/d',
      'https://example.com///',
      'https://example.com/a//',
      'https://example.com/AMP/x',
      'https://example.com/camp/site.amp',
      'https://example.com/x#frag/with/slash',
      'https://example.com/a/b/?q=1#x',
    ];
    for (const link of links) {
      const key = storyKey(link);
      expect([link, storyBucket(link)]).toEqual([link, key === null ? null : storyKeyBucket(key)]);
    }
    // The bucket is the key's last path segment: these share theirs and no others.
    const bucketOf = (key: string): number => storyKeyBucket(key);
    expect(bucketOf('example.com/a/b?x=1')).toBe(bucketOf('other.org/c/b'));
    expect(bucketOf('example.com')).toBe(bucketOf('other.org'));
    expect(bucketOf('example.com/a/b')).not.toBe(bucketOf('example.com/a/c'));
  });
});
