import { escapeHtmlAttribute, escapeHtmlText } from '../../io/html-escape.js';
import { linkMaker, renderPage, type SiteFrame } from './page-layout.js';

/**
 * A page served for any URL (the 404 page, the offline page): a heading, a line of text and links,
 * which start at the site URL's path since the page's own URL says nothing of where it is.
 */
function renderAnyUrlPage(
  site: SiteFrame,
  path: string,
  heading: string,
  text: string,
  links: ReadonlyArray<[to: string, name: string]>,
): string {
  const href = linkMaker(site, path, true);
  const anchors = links.map(([to, name]) => `<a href="${href(to)}">${name}</a>`).join(' · ');
  const main = `<h1>${heading}</h1>\n<p>${text}</p>\n<p>${anchors}</p>`;
  return renderPage(site, { path, title: heading, main, rootRelative: true });
}

/** The 404 page. */
export function renderNotFoundPage(site: SiteFrame): string {
  const { labels } = site;
  return renderAnyUrlPage(site, '404.html', labels.notFound, labels.notFoundText, [
    ['', labels.home],
    ['search/', labels.search],
  ]);
}

/** The page the service worker shows offline for a page it never kept. */
export function renderOfflinePage(site: SiteFrame): string {
  const { labels } = site;
  return renderAnyUrlPage(site, 'offline.html', labels.offline, labels.offlineText, [['', labels.home]]);
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
