import { describe, expect, it } from 'vitest';
import {
  postsOfOpenSitemapFile,
  renderSitemapFile,
  SITE_SITEMAP_TAIL,
  SITE_SITEMAP_URLS,
  siteSitemapLayout,
  type SitemapUrl,
} from './sitemap.js';

/** Every file of the sitemap of `posts` then `pages`, as a build renders them one by one. */
function splitSitemap(posts: readonly SitemapUrl[], pages: readonly SitemapUrl[], siteUrl: string) {
  const layout = siteSitemapLayout(posts.length, pages.length);
  const list = [...posts, ...pages];
  const urlsOf = (start: number, end: number): readonly SitemapUrl[] => list.slice(start, end);
  return layout.map((file, index) => ({
    path: file.path,
    content: renderSitemapFile(layout, index, siteUrl, urlsOf),
  }));
}

const urls = (count: number, kind = 'p'): Array<{ loc: string; lastmod: string }> =>
  Array.from({ length: count }, (_, i) => ({
    loc: `https://example.com/${kind}/${i}/?a=1&b=2`,
    lastmod: '2021-12-16',
  }));

const [FULL, TAIL] = [SITE_SITEMAP_URLS, SITE_SITEMAP_TAIL];

describe('the sitemap files', () => {
  it('writes one urlset up to the limit', () => {
    const files = splitSitemap(urls(FULL - 2), urls(2, 'c'), 'https://example.com/');
    expect(files.map((file) => file.path)).toEqual(['sitemap.xml']);
    expect(files[0]?.content).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(files[0]?.content).toContain(
      '<loc>https://example.com/p/0/?a=1&amp;b=2</loc><lastmod>2021-12-16</lastmod>',
    );
    expect(files[0]?.content.match(/<url>/g)).toHaveLength(FULL);
  });

  it('past the limit, indexes full post files, small files of the newest posts, and page files', () => {
    const files = splitSitemap(urls(FULL + TAIL + 3), urls(FULL + 1, 'c'), 'https://example.com/blog');
    const tail = `sitemap-posts-${FULL + TAIL}.xml`;
    expect(files.map((file) => file.path)).toEqual([
      'sitemap.xml',
      'sitemap-posts-0.xml',
      `sitemap-posts-${FULL}.xml`,
      tail,
      'sitemap-pages-0.xml',
      `sitemap-pages-${FULL}.xml`,
    ]);
    expect(files[0]?.content).toContain('<sitemapindex');
    expect(files[0]?.content).toContain(`<loc>https://example.com/blog/${tail}</loc>`);
    const counts = files.slice(1).map((file) => file.content.match(/<url>/g)?.length);
    expect(counts).toEqual([FULL, TAIL, 3, FULL, 1]);
    expect(files[3]?.content).toContain(`/p/${FULL + TAIL}/`);
    expect(files[4]?.content).toContain('/c/0/');
  });

  it('lays out which URLs each file lists before anything is rendered; a new post changes one file', () => {
    expect(siteSitemapLayout(3, 3)).toEqual([{ path: 'sitemap.xml', urls: { start: 0, end: 6 } }]);
    const before = siteSitemapLayout(2 * FULL + 1, 10);
    expect(before).toEqual([
      { path: 'sitemap.xml', urls: null },
      { path: 'sitemap-posts-0.xml', urls: { start: 0, end: FULL } },
      { path: `sitemap-posts-${FULL}.xml`, urls: { start: FULL, end: 2 * FULL } },
      { path: `sitemap-posts-${2 * FULL}.xml`, urls: { start: 2 * FULL, end: 2 * FULL + 1 } },
      { path: 'sitemap-pages-0.xml', urls: { start: 2 * FULL + 1, end: 2 * FULL + 11 } },
    ]);
    const after = siteSitemapLayout(2 * FULL + 2, 10);
    // The page file moves by one URL but lists the same pages; only the newest post file grows.
    expect(after.map((file) => file.path)).toEqual(before.map((file) => file.path));
    expect(after[3]?.urls).toEqual({ start: 2 * FULL, end: 2 * FULL + 2 });
    // The small files become one full file when they fill it.
    expect(siteSitemapLayout(3 * FULL, 10).map((file) => file.path)).toEqual([
      'sitemap.xml',
      'sitemap-posts-0.xml',
      `sitemap-posts-${FULL}.xml`,
      `sitemap-posts-${2 * FULL}.xml`,
      'sitemap-pages-0.xml',
    ]);
    // The index, two full files, five small ones and the page file.
    expect(siteSitemapLayout(3 * FULL - 1, 10)).toHaveLength(1 + 2 + FULL / TAIL + 1);
  });
});

describe('postsOfOpenSitemapFile', () => {
  it('counts the older posts an appended post makes the sitemap list again: all of a small site, none after a full file', () => {
    for (let posts = SITE_SITEMAP_URLS + 1; posts < 4 * SITE_SITEMAP_URLS; posts += 97) {
      const key = (file: { path: string; urls: { start: number; end: number } | null }): string =>
        `${file.path}/${file.urls?.start}/${file.urls?.end}`;
      const before = new Set(siteSitemapLayout(posts, 0).map(key));
      const relisted = siteSitemapLayout(posts + 1, 0).filter((file) => file.urls && !before.has(key(file)));
      // Tail files that fill a file of SITE_SITEMAP_URLS are listed again whole: a full build's.
      if (relisted.some((file) => file.urls!.end - file.urls!.start === SITE_SITEMAP_URLS)) continue;
      const older = relisted.reduce(
        (sum, file) => sum + Math.max(0, Math.min(posts, file.urls!.end) - file.urls!.start),
        0,
      );
      expect(postsOfOpenSitemapFile(posts)).toBe(older);
    }
    // One file lists every URL up to SITE_SITEMAP_URLS: a small site's head keeps every post.
    expect(postsOfOpenSitemapFile(SITE_SITEMAP_URLS)).toBe(SITE_SITEMAP_URLS);
    expect(postsOfOpenSitemapFile(2 * SITE_SITEMAP_URLS + SITE_SITEMAP_TAIL)).toBe(0);
    expect(postsOfOpenSitemapFile(2 * SITE_SITEMAP_URLS + 300)).toBe(300);
  });
});
