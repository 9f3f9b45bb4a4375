import { describe, expect, it } from 'vitest';
import { renderSitemapFile, sitemapLayout, type SitemapUrl } from './sitemap.js';

/** Every file of the sitemap of `list`, as a build renders them one by one. */
function splitSitemap(list: readonly SitemapUrl[], siteUrl: string, limit: number) {
  const layout = sitemapLayout(list.length, limit);
  const urlsOf = (start: number, end: number): readonly SitemapUrl[] => list.slice(start, end);
  return layout.map((file, index) => ({
    path: file.path,
    content: renderSitemapFile(layout, index, siteUrl, urlsOf),
  }));
}

const urls = (count: number): Array<{ loc: string; lastmod: string }> =>
  Array.from({ length: count }, (_, i) => ({
    loc: `https://example.com/p/${i}/?a=1&b=2`,
    lastmod: '2021-12-16',
  }));

describe('the sitemap files', () => {
  it('writes one urlset up to the limit', () => {
    const files = splitSitemap(urls(3), 'https://example.com/', 3);
    expect(files.map((file) => file.path)).toEqual(['sitemap.xml']);
    expect(files[0]?.content).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(files[0]?.content).toContain(
      '<loc>https://example.com/p/0/?a=1&amp;b=2</loc><lastmod>2021-12-16</lastmod>',
    );
    expect(files[0]?.content.match(/<url>/g)).toHaveLength(3);
  });

  it('turns sitemap.xml into an index of files of at most `limit` URLs beside it past the limit', () => {
    const files = splitSitemap(urls(7), 'https://example.com/blog', 3);
    expect(files.map((file) => file.path)).toEqual([
      'sitemap.xml',
      'sitemap-1.xml',
      'sitemap-2.xml',
      'sitemap-3.xml',
    ]);
    expect(files[0]?.content).toContain('<sitemapindex');
    expect(files[0]?.content).toContain('<loc>https://example.com/blog/sitemap-3.xml</loc>');
    expect(files.slice(1).map((file) => file.content.match(/<url>/g)?.length)).toEqual([3, 3, 1]);
  });

  it('lays out which URLs each file lists before anything is rendered', () => {
    expect(sitemapLayout(3, 3)).toEqual([{ path: 'sitemap.xml', urls: { start: 0, end: 3 } }]);
    expect(sitemapLayout(7, 3)).toEqual([
      { path: 'sitemap.xml', urls: null },
      { path: 'sitemap-1.xml', urls: { start: 0, end: 3 } },
      { path: 'sitemap-2.xml', urls: { start: 3, end: 6 } },
      { path: 'sitemap-3.xml', urls: { start: 6, end: 7 } },
    ]);
  });
});
