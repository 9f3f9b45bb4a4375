import { escapeXml } from './html-escape.js';

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

/**
 * Writes `sitemap.xml`; past `limit` URLs it becomes a sitemap index pointing at
 * `sitemap-<n>.xml` files of at most `limit` URLs each, as the protocol requires. They sit beside
 * it at the site's root: a sitemap may only list URLs below its own folder.
 */
export function splitSitemap(
  urls: readonly SitemapUrl[],
  siteUrl: string,
  limit = SITEMAP_URL_LIMIT,
): SitemapFile[] {
  if (urls.length <= limit) return [{ path: 'sitemap.xml', content: renderUrlSet(urls) }];
  const files: SitemapFile[] = [];
  for (let start = 0; start < urls.length; start += limit) {
    const path = `sitemap-${files.length + 1}.xml`;
    files.push({ path, content: renderUrlSet(urls.slice(start, start + limit)) });
  }
  const base = siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`;
  const entries = files.map((file) => `<sitemap><loc>${escapeXml(base + file.path)}</loc></sitemap>`);
  const index = `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${entries.join('\n')}
</sitemapindex>
`;
  return [{ path: 'sitemap.xml', content: index }, ...files];
}

function renderUrlSet(urls: readonly SitemapUrl[]): string {
  const entries = urls.map(
    (url) =>
      `<url><loc>${escapeXml(url.loc)}</loc>${url.lastmod ? `<lastmod>${url.lastmod}</lastmod>` : ''}</url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${entries.join('\n')}
</urlset>
`;
}
