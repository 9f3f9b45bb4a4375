import { escapeHtmlAttribute, escapeHtmlText } from '../../io/html-escape.js';
import { linkMaker, renderPage, type SiteFrame } from './page-layout.js';

/** The 404 page; its links start at the site URL's path, since it is served at any URL. */
export function renderNotFoundPage(site: SiteFrame): string {
  const href = linkMaker(site, '404.html', true);
  const main = `<h1>${site.labels.notFound}</h1>
<p>${site.labels.notFoundText}</p>
<p><a href="${href('')}">${site.labels.home}</a> · <a href="${href('search/')}">${site.labels.search}</a></p>`;
  return renderPage(site, { path: '404.html', title: site.labels.notFound, main, rootRelative: true });
}

/**
 * The page the service worker shows offline for a page it never kept; like the 404 page, its links
 * start at the site URL's path, since it answers for any URL.
 */
export function renderOfflinePage(site: SiteFrame): string {
  const href = linkMaker(site, 'offline.html', true);
  const main = `<h1>${site.labels.offline}</h1>
<p>${site.labels.offlineText}</p>
<p><a href="${href('')}">${site.labels.home}</a></p>`;
  return renderPage(site, { path: 'offline.html', title: site.labels.offline, main, rootRelative: true });
}

/** The archive index: every month with its post count, newest first. */
export function renderArchiveIndex(
  site: SiteFrame,
  months: ReadonlyArray<{ month: string; path: string; count: number }>,
): string {
  const path = 'archives/';
  const href = linkMaker(site, path);
  const items = months.map(
    (entry) =>
      `<li><a href="${href(entry.path)}">${entry.month}</a> <span class="meta">(${site.labels.postsIn.replace('{n}', String(entry.count))})</span></li>`,
  );
  const main = `<h1>${site.labels.archives}</h1>\n<ul class="archive-list">${items.join('')}</ul>`;
  return renderPage(site, { path, title: site.labels.archives, main });
}

/** The search page: a form that works without script, and the script that answers it in place. */
export function renderSearchPage(site: SiteFrame, scriptPath: string, indexPath: string): string {
  const path = 'search/';
  const href = linkMaker(site, path);
  const { labels } = site;
  const texts = JSON.stringify({
    loading: labels.searchLoading,
    found: labels.searchFound,
    none: labels.searchNone,
    failed: labels.searchFailed,
  });
  // The top categories a search may be limited to, as the header lists them.
  const options = site.nav.map(
    (top) => `<option value="${escapeHtmlAttribute(top.name)}">${escapeHtmlText(top.name)}</option>`,
  );
  const categories =
    options.length < 2
      ? ''
      : `<label class="visually-hidden" for="search-page-category">${labels.categories}</label>
<select id="search-page-category" name="c"><option value="">${labels.allCategories}</option>${options.join('')}</select>
`;
  const main = `<h1>${labels.search}</h1>
<form id="search-page-form" class="search-form" role="search" action="${href(path)}" method="get">
<label class="visually-hidden" for="search-page-input">${labels.search}</label>
<input id="search-page-input" name="q" type="search" placeholder="${labels.searchPlaceholder}">
${categories}<button type="submit">${labels.search}</button>
</form>
<p id="search-status" class="meta" role="status" aria-live="polite"></p>
<ol id="search-results" class="post-list search-results"></ol>
<button id="search-more" type="button" hidden>${labels.searchMore}</button>`;
  const tail = `<script src="${href(scriptPath)}" data-root="${href('')}" data-index="${href(indexPath)}" data-labels="${escapeHtmlAttribute(texts)}" defer></script>\n`;
  return renderPage(site, { path, title: labels.search, main, tail, searchPage: true });
}

/** robots.txt: everything may be crawled; the sitemap is named. */
export function renderRobots(sitemapUrl: string): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${sitemapUrl}\n`;
}
