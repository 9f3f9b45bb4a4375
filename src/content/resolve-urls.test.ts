import { describe, expect, it } from 'vitest';
import { contentBaseUrl, formatSrcset, parseSrcset, resolveUrl } from './resolve-urls.js';

describe('resolveUrl', () => {
  it('resolves relative, root-relative and protocol-relative URLs', () => {
    expect(resolveUrl('../img/a.png', 'https://www.oschina.net/news/1/')).toBe(
      'https://www.oschina.net/news/img/a.png',
    );
    expect(resolveUrl('/p/1', 'https://36kr.com/feed')).toBe('https://36kr.com/p/1');
    expect(resolveUrl('//cdn.cn/a.jpg', 'http://x.cn/')).toBe('http://cdn.cn/a.jpg');
  });

  it('resolves plain root-relative URLs without parsing, exactly as the URL parser would', () => {
    const cases: [string, string][] = [
      ['/p/1?utm_source=rss&id=2#c', 'https://36kr.com/feed'],
      ['/p/1', 'HTTP://WWW.A.CN:80/x/'],
      ['/p/1', 'https://a.cn:8443/x?q#f'],
      ['/p/1', 'https://user:pw@a.cn/'],
      ['/a/./b/../c', 'https://a.cn/'],
      ['/a/%2E%2e/c', 'https://a.cn/'],
      ['/\\evil.cn/x', 'https://a.cn/'],
      ['/中文 x', 'https://a.cn/'],
    ];
    for (const [value, base] of cases) expect(resolveUrl(value, base), value).toBe(new URL(value, base).href);
  });

  it('returns null when a relative URL has no base', () => {
    expect(resolveUrl('a.jpg', null)).toBeNull();
    expect(resolveUrl('   ', 'https://a.cn/')).toBeNull();
  });

  it('prefers xml:base over the item link and ignores non-http bases', () => {
    expect(contentBaseUrl('https://b.cn/', 'https://l.cn/')).toBe('https://b.cn/');
    expect(contentBaseUrl('/local/feed.xml', 'https://l.cn/a')).toBe('https://l.cn/a');
    expect(contentBaseUrl(null, null)).toBeNull();
  });
});

describe('srcset', () => {
  it('parses candidates, including URLs with commas and no spaces after commas', () => {
    expect(parseSrcset('a.jpg 1x,b.jpg 2x')).toEqual([
      { url: 'a.jpg', descriptor: '1x' },
      { url: 'b.jpg', descriptor: '2x' },
    ]);
    expect(parseSrcset('https://i.cn/a.jpg?w=1,2 100w, c.jpg')).toEqual([
      { url: 'https://i.cn/a.jpg?w=1,2', descriptor: '100w' },
      { url: 'c.jpg', descriptor: '' },
    ]);
    expect(formatSrcset(parseSrcset(' a.jpg  1x ,  b.jpg 2x '))).toBe('a.jpg 1x, b.jpg 2x');
  });
});
