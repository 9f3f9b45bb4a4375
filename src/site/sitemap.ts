import { escapeXmlText } from '../io/xml-escape.js';

/** One URL of the sitemap. */
export interface SitemapUrl {
  loc: string;
  /** `YYYY-MM-DD`, from the content, never from the build. */
  lastmod?: string;
}

/**
 * URLs per file of the site's sitemap, well under the protocol's limit, so that a build renders the
 * files whose URLs changed, not every page of the site (21,700 at 20,000 posts, a twentieth of a
 * one-new-item build's time when it was one file).
 */
export const SITE_SITEMAP_URLS = 5_000; // a tenth of the protocol's limit (sitemaps.org)

/**
 * Posts per file of the newest posts, those past the last full file of SITE_SITEMAP_URLS: a new post
 * changes one such file, so a one-new-item build renders at most this many of its URLs.
 */
export const SITE_SITEMAP_TAIL = 1_000;

/** One file of a sitemap and the range of URLs it lists; the index (past the limit) lists none. */
export interface SitemapFileLayout {
  path: string;
  urls: { start: number; end: number } | null;
}

/**
 * The files of the site's sitemap: `posts` post pages (oldest first), then `pages` other pages, as
 * one range of URLs. Up to SITE_SITEMAP_URLS in all, `sitemap.xml` alone. Past that, `sitemap.xml`
 * is an index of post files (`sitemap-posts-<first>.xml`: SITE_SITEMAP_URLS posts each from the
 * oldest, then files of SITE_SITEMAP_TAIL for the newest, which become one full file when they fill
 * it) and page files (`sitemap-pages-<first>.xml`). A new post then changes one small file, and the
 * page files only when it adds a page: listed after the posts, pages would move with each of them.
 * The files sit beside the index at the site's root: a sitemap may only list URLs below its folder.
 */
export function siteSitemapLayout(posts: number, pages: number): SitemapFileLayout[] {
  const total = posts + pages;
  if (total <= SITE_SITEMAP_URLS) return [{ path: 'sitemap.xml', urls: { start: 0, end: total } }];
  const files: SitemapFileLayout[] = [{ path: 'sitemap.xml', urls: null }];
  const add = (kind: string, first: number, offset: number, end: number): void => {
    files.push({ path: `sitemap-${kind}-${first}.xml`, urls: { start: offset + first, end: offset + end } });
  };
  const full = posts - (posts % SITE_SITEMAP_URLS);
  for (let first = 0; first < full; first += SITE_SITEMAP_URLS)
    add('posts', first, 0, first + SITE_SITEMAP_URLS);
  for (let first = full; first < posts; first += SITE_SITEMAP_TAIL)
    add('posts', first, 0, Math.min(posts, first + SITE_SITEMAP_TAIL));
  for (let first = 0; first < pages; first += SITE_SITEMAP_URLS)
    add('pages', first, posts, Math.min(pages, first + SITE_SITEMAP_URLS));
  return files;
}

/**
 * How many of `posts` posts an append's sitemap lists again with its own (`siteSitemapLayout`):
 * every post while one file may list them all, else those of the newest post file while it is not
 * full (a full one stays, and the append starts the next).
 */
export function postsOfOpenSitemapFile(posts: number): number {
  if (posts <= SITE_SITEMAP_URLS) return posts;
  const last = siteSitemapLayout(posts, 0).at(-1)?.urls;
  const size = last ? last.end - last.start : 0;
  return size < SITE_SITEMAP_TAIL ? size : 0;
}

/** Renders one file of `layout`: the index of the others, or the URLs `urlsOf` gives for its range. */
export function renderSitemapFile(
  layout: readonly SitemapFileLayout[],
  index: number,
  siteUrl: string,
  urlsOf: (start: number, end: number) => readonly SitemapUrl[],
): string {
  const file = layout[index];
  if (!file) return '';
  if (file.urls) return renderUrlSet(urlsOf(file.urls.start, file.urls.end));
  const base = siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`;
  const entries = layout
    .slice(1)
    .map((part) => `<sitemap><loc>${escapeXmlText(base + part.path)}</loc></sitemap>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${entries.join('\n')}
</sitemapindex>
`;
}

function renderUrlSet(urls: readonly SitemapUrl[]): string {
  const entries = urls.map(
    (url) =>
      `<url><loc>${escapeXmlText(url.loc)}</loc>${url.lastmod ? `<lastmod>${url.lastmod}</lastmod>` : ''}</url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${entries.join('\n')}
</urlset>
`;
}
