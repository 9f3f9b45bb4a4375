import { escapeXmlText } from '../io/xml-escape.js';

/** One URL of the sitemap. */
export interface SitemapUrl {
  loc: string;
  /** `YYYY-MM-DD`, from the content, never from the build. */
  lastmod?: string;
}

/** The protocol's limit of URLs per file (sitemaps.org). */
export const SITEMAP_URL_LIMIT = 50_000;

/**
 * URLs per file of the site's sitemap, well under the protocol's limit: a new post changes only the
 * last file (posts are listed oldest first), so a one-new-item build renders at most this many URLs,
 * not every page of the site (21,700 at 20,000 posts, a twentieth of that build's time).
 */
export const SITE_SITEMAP_URLS = 5_000;

/** One file of a sitemap and the range of URLs it lists; the index (past the limit) lists none. */
export interface SitemapFileLayout {
  path: string;
  urls: { start: number; end: number } | null;
}

/**
 * The files a sitemap of `count` URLs consists of: `sitemap.xml` alone up to `limit` URLs; past it,
 * `sitemap.xml` becomes an index pointing at `sitemap-<n>.xml` files of at most `limit` URLs each,
 * as the protocol requires. They sit beside it at the site's root: a sitemap may only list URLs
 * below its own folder.
 */
export function sitemapLayout(count: number, limit = SITEMAP_URL_LIMIT): SitemapFileLayout[] {
  if (count <= limit) return [{ path: 'sitemap.xml', urls: { start: 0, end: count } }];
  const files: SitemapFileLayout[] = [{ path: 'sitemap.xml', urls: null }];
  for (let start = 0; start < count; start += limit)
    files.push({ path: `sitemap-${files.length}.xml`, urls: { start, end: Math.min(count, start + limit) } });
  return files;
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
