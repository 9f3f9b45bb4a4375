import { escapeXmlText } from '../io/xml-escape.js';

/** One URL of the sitemap. */
export interface SitemapUrl {
  loc: string;
  /** `YYYY-MM-DD`, from the content, never from the build. */
  lastmod?: string;
}

/** A sitemap file to write, relative to the output root. */
export interface SitemapFile {
  path: string;
  content: string;
}

/** The protocol's limit of URLs per file (sitemaps.org). */
export const SITEMAP_URL_LIMIT = 50_000;

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

/** Renders the files `sitemapLayout` gives for `urls`, in the same order. */
export function splitSitemap(
  urls: readonly SitemapUrl[],
  siteUrl: string,
  limit = SITEMAP_URL_LIMIT,
): SitemapFile[] {
  const layout = sitemapLayout(urls.length, limit);
  const base = siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`;
  return layout.map((file) => {
    if (file.urls)
      return { path: file.path, content: renderUrlSet(urls.slice(file.urls.start, file.urls.end)) };
    const entries = layout
      .slice(1)
      .map((part) => `<sitemap><loc>${escapeXmlText(base + part.path)}</loc></sitemap>`);
    const index = `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${entries.join('\n')}
</sitemapindex>
`;
    return { path: file.path, content: index };
  });
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
