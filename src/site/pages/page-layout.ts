import { escapeHtmlAttribute, escapeHtmlText } from '../../io/html-escape.js';
import { absoluteUrl, relativeLinker } from '../site-paths.js';
import { renderShareTags, type PageShare } from './share-tags.js';
import type { SiteLabels } from './site-labels.js';

/** A feed format the site writes (`site.feeds`). */
export type FeedFormat = 'atom' | 'rss' | 'json';

/** One of a list's feeds: its format and site path. */
export interface FeedLink {
  format: FeedFormat;
  path: string;
}

/** What every page shares: the site's identity, navigation and assets. */
export interface SiteFrame {
  title: string;
  url: string;
  language: string;
  labels: SiteLabels;
  cssPath: string;
  /** The reader's script (read state, keyboard), on every page but the 404 page. */
  readerPath: string;
  /** Top categories for the navigation: name and site path. */
  nav: ReadonlyArray<{ name: string; path: string }>;
  /** The feed formats of the home list and of each category list. */
  feeds: { home: readonly FeedFormat[]; categories: readonly FeedFormat[] };
}

/** One page to wrap in the layout. */
export interface PageSpec {
  /** The page's site path (links are made relative to it). */
  path: string;
  title: string;
  description?: string;
  /** This page's feeds, in the order they are linked. */
  feeds?: readonly FeedLink[];
  /** The `<main>` content. */
  main: string;
  /** Extra markup at the end of `<body>` (the search page's script). */
  tail?: string;
  /** Makes links absolute-path (from the site URL's path), for pages served at any URL (404). */
  rootRelative?: boolean;
  /** Link-preview and structured data (share-tags.ts); a post's names its original as canonical. */
  share?: PageShare;
  /** The search page: it has its own search box, so the header leaves its one out. */
  searchPage?: boolean;
}

// Each format's media type, for readers that discover feeds, and its name in the footer.
const FEED_TYPES: Record<FeedFormat, readonly [string, string]> = {
  atom: ['application/atom+xml', 'Atom'],
  rss: ['application/rss+xml', 'RSS'],
  json: ['application/feed+json', 'JSON Feed'],
};

/** Renders a full HTML document: landmarks, skip link, navigation, search form and footer. */
export function renderPage(site: SiteFrame, page: PageSpec): string {
  const href = linkMaker(site, page.path, page.rootRelative);
  const { labels } = site;
  const title = page.title === site.title ? site.title : `${page.title} | ${site.title}`;
  const pageFeeds = page.feeds ?? [];
  const feeds = pageFeeds
    .map(({ format, path }) => {
      const [type, name] = FEED_TYPES[format];
      return `<link rel="alternate" type="${type}" title="${escapeHtmlAttribute(page.title)} (${name})" href="${href(path)}">`;
    })
    .join('\n');
  const footerFeeds =
    pageFeeds.length === 0
      ? ''
      : ` · ${labels.feeds}: ${pageFeeds.map(({ format, path }) => `<a href="${href(path)}">${FEED_TYPES[format][1]}</a>`).join(' · ')}`;
  return `<!doctype html>
<html lang="${escapeHtmlAttribute(site.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>${escapeHtmlText(title)}</title>
${page.description ? `<meta name="description" content="${escapeHtmlAttribute(page.description)}">\n` : ''}<link rel="canonical" href="${escapeHtmlAttribute(page.share?.article?.original ?? absoluteUrl(site.url, page.path))}">
${page.share ? `${renderShareTags(site.title, page.share)}\n` : ''}<link rel="icon" href="${href('icon.svg')}" type="image/svg+xml">
<link rel="manifest" href="${href('manifest.webmanifest')}">
<meta name="theme-color" content="#0b57d0">
<link rel="stylesheet" href="${href(site.cssPath)}">
${feeds}
</head>
<body>
${siteHeader(site, page, href)}
<main id="main" tabindex="-1">
${page.main}
</main>
<footer class="site-footer">
<p>© ${escapeHtmlText(site.title)} · ${labels.poweredBy}${footerFeeds}</p>
</footer>
${page.rootRelative ? '' : readerTag(site, href)}${page.tail ?? ''}</body>
</html>
`;
}

// Every page in a folder shares its header (relative links differ only between folders): a cold
// build renders it once per folder instead of once per page.
const headers = new WeakMap<SiteFrame, Map<string, string>>();

function siteHeader(site: SiteFrame, page: PageSpec, href: (to: string) => string): string {
  let byFolder = headers.get(site);
  if (!byFolder) headers.set(site, (byFolder = new Map()));
  const folder = page.rootRelative ? '/' : page.path.slice(0, page.path.lastIndexOf('/') + 1);
  const cacheKey = page.searchPage ? `${folder}\u0000search` : folder;
  let header = byFolder.get(cacheKey);
  if (header === undefined) {
    const { labels } = site;
    const nav = site.nav.map(
      (entry) => `<li><a href="${href(entry.path)}">${escapeHtmlText(entry.name)}</a></li>`,
    );
    nav.push(`<li><a href="${href('archives/')}">${labels.archives}</a></li>`);
    header = `<a class="skip-link" href="#main">${labels.skip}</a>
<header class="site-header">
<a class="brand" href="${href('')}">${escapeHtmlText(site.title)}</a>
<nav class="site-nav" aria-label="${labels.categories}"><ul>${nav.join('')}</ul></nav>
${page.searchPage ? '' : searchForm(labels, href)}</header>`;
    byFolder.set(cacheKey, header);
  }
  return header;
}

// The script's labels, one attribute per site: every page of a build carries the same text.
const readerLabels = new WeakMap<SiteFrame, string>();

function readerTag(site: SiteFrame, href: (to: string) => string): string {
  let labels = readerLabels.get(site);
  if (labels === undefined) {
    const { since, markAll, hideRead } = site.labels;
    labels = escapeHtmlAttribute(JSON.stringify({ since, markAll, hideRead }));
    readerLabels.set(site, labels);
  }
  return `<script src="${href(site.readerPath)}" data-labels="${labels}" defer></script>\n`;
}

// On a phone the form gives way to a link to the search page, so the header stays one row.
const SEARCH_ICON =
  '<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" stroke-width="2.2"/><path d="M15.5 15.5 21 21" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/></svg>';

function searchForm(labels: SiteLabels, href: (to: string) => string): string {
  return `<a class="search-link" href="${href('search/')}" aria-label="${labels.search}">${SEARCH_ICON}</a>
<form class="search-form" role="search" action="${href('search/')}" method="get">
<label class="visually-hidden" for="site-search">${labels.search}</label>
<input id="site-search" name="q" type="search" placeholder="${labels.searchPlaceholder}">
<button type="submit">${labels.search}</button>
</form>
`;
}

/** A function from site path to an escaped href, relative to the page or from the site root. */
export function linkMaker(site: SiteFrame, path: string, rootRelative = false): (to: string) => string {
  if (rootRelative) {
    const basePath = new URL(site.url).pathname.replace(/\/?$/, '/');
    return (to) => escapeHtmlAttribute(basePath + to.split('/').map(encodeURIComponent).join('/'));
  }
  // No escaping needed: a relative href is `../` steps and percent-encoded segments, which hold none
  // of & < > " (only ' can appear, and every href is written in double quotes).
  return relativeLinker(path);
}
