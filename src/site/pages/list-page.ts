import { concatenated } from '../concatenated-text.js';
import { escapeHtmlAttribute, escapeHtmlText } from '../../io/html-escape.js';
import { absoluteUrl } from '../site-paths.js';
import { linkMaker, renderPage, type FeedLink, type SiteFrame } from './page-layout.js';
import { renderPager, type PagerPlace } from './page-numbers.js';
import type { SiteLabels } from './site-labels.js';

/** A link to another page of the site. */
export interface SiteLink {
  name: string;
  path: string;
}

/** How a post appears in a list. */
export interface PostCard {
  title: string;
  path: string;
  date: string;
  /** The date as shown, in the site's zone. */
  displayDate: string;
  /** False when the item had no date: the card says so instead of showing the first-seen time. */
  dateKnown: boolean;
  categories: readonly SiteLink[];
  /** The post's picture; null when it has none, and the card shows its source's placeholder. */
  cover: string | null;
  /** The source's name: its initial and colour make the placeholder. */
  source: string;
  excerpt: string;
  /** Other sources that carried the story, which the site shows once (`SitePost.alsoIn`). */
  alsoIn: readonly string[];
}

/** A post's date as lists and post pages show it, or "date unknown" (no `<time>`, so no script reads it). */
export function renderDate(date: string, shown: string, known: boolean, labels: SiteLabels): string {
  return known
    ? `<time datetime="${date}">${shown}</time>`
    : `<span class="date-unknown">${labels.dateUnknown}</span>`;
}

/** " · also in B, C" after a card's categories; nothing for a story only one source carried. */
function renderAlsoIn(sources: readonly string[], labels: SiteLabels): string {
  if (sources.length === 0) return '';
  const names = sources.map(escapeHtmlText).join(labels.listSeparator);
  return ` · <span class="also-in">${labels.alsoIn} ${names}</span>`;
}

/** Colours of the placeholders; a source keeps its own across builds. */
export const PLACEHOLDER_TONES = 8;

/**
 * A card's picture over its source's placeholder (the initial on the source's colour), which shows
 * when the post has no picture and while the picture loads. A picture that fails to load draws its
 * `::after` (only a broken image has one), the same placeholder, over Chromium's broken-image icon:
 * no script is needed for the fallback.
 */
function renderCardCover(card: PostCard): string {
  const initial = escapeHtmlAttribute(placeholderInitial(card.source));
  const image = card.cover
    ? `<img src="${escapeHtmlAttribute(card.cover)}" alt="" data-initial="${initial}" width="160" height="120" loading="lazy" decoding="async" referrerpolicy="no-referrer">`
    : '';
  return `<span class="cover tone-${placeholderTone(card.source)}" data-initial="${initial}" aria-hidden="true">${image}</span>`;
}

// A source's badge repeats on every card of its lists: made once per name.
const badges = new Map<string, string>();

/** The source's small icon before a card's date: its initial on its colour, as its placeholder. */
function renderSourceBadge(source: string): string {
  let badge = badges.get(source);
  if (badge === undefined) {
    const initial = escapeHtmlText(placeholderInitial(source));
    badge = `<span class="source-badge tone-${placeholderTone(source)}" aria-hidden="true">${initial}</span>`;
    badges.set(source, badge);
  }
  return badge;
}

/** The first letter of a source's name, upper case: `Z` for ZAKER, `掘` for 掘金. */
export function placeholderInitial(source: string): string {
  const [first = '?'] = source.trim();
  return first.toUpperCase();
}

/** The source's colour, from its name: the same in every build and on every page. */
export function placeholderTone(source: string): number {
  let hash = 0;
  for (let index = 0; index < source.length; index++)
    hash = (Math.imul(hash, 31) + source.charCodeAt(index)) >>> 0;
  return hash % PLACEHOLDER_TONES;
}

/** One page of a list: home, a category or a month. */
export interface ListPageSpec {
  path: string;
  heading: string;
  /** The document title; the heading when absent. */
  title?: string;
  description?: string;
  breadcrumbs?: readonly SiteLink[];
  children?: ReadonlyArray<SiteLink & { count: number }>;
  cards: readonly PostCard[];
  newer?: string;
  older?: string;
  /** The page's place among the list's pages and the path of each, for the numbered pager. */
  pager?: PagerPlace & { pathOf(number: number | null): string };
  feeds?: readonly FeedLink[];
}

// A source's category links, per folder: the cards of one list mostly share them (a source's or a
// channel's list, all of them), so each trail is rendered once per folder rather than per card.
// Keyed by the deepest link's path, which is a string a card holds, whatever object it came in.
const trails = new WeakMap<SiteFrame, Map<string, Map<string, string>>>();

function categoryTrail(
  site: SiteFrame,
  folder: string,
  links: readonly SiteLink[],
  href: (to: string) => string,
): string {
  let byFolder = trails.get(site);
  if (!byFolder) trails.set(site, (byFolder = new Map()));
  let byLinks = byFolder.get(folder);
  if (!byLinks) byFolder.set(folder, (byLinks = new Map()));
  // Distinct categories never share a path, so the deepest link's path names the whole trail.
  const key = links[links.length - 1]?.path ?? '';
  let trail = byLinks.get(key);
  if (trail === undefined) {
    trail = renderLinkTrail(links, href);
    byLinks.set(key, trail);
  }
  return trail;
}

/** Links separated by slashes, as breadcrumbs and category paths show them on every page. */
export function renderLinkTrail(links: readonly SiteLink[], href: (to: string) => string): string {
  let trail = '';
  for (let index = 0; index < links.length; index++) {
    const link = links[index] as SiteLink;
    trail += `${index === 0 ? '' : ' / '}<a href="${href(link.path)}">${escapeHtmlText(link.name)}</a>`;
  }
  return trail;
}

/** Renders a list page: heading, child categories, post cards and the newer/older links. */
export function renderListPage(site: SiteFrame, spec: ListPageSpec): string {
  const href = linkMaker(site, spec.path);
  const { labels } = site;
  const parts: string[] = [];
  if (spec.breadcrumbs?.length) {
    const trail = renderLinkTrail(spec.breadcrumbs, href);
    parts.push(`<nav class="breadcrumbs" aria-label="${labels.breadcrumbs}">${trail}</nav>`);
  }
  // The home page's heading is the site's name, which the header already shows: kept for screen
  // readers and the document outline, not shown twice.
  const home = spec.heading === site.title && !spec.breadcrumbs?.length;
  parts.push(`<h1${home ? ' class="visually-hidden"' : ''}>${escapeHtmlText(spec.heading)}</h1>`);
  if (spec.children?.length) {
    const items = spec.children.map(
      (child) =>
        `<li><a href="${href(child.path)}">${escapeHtmlText(child.name)} <span class="meta">(${child.count})</span></a></li>`,
    );
    parts.push(`<ul class="subcategories">${items.join('')}</ul>`);
  }
  parts.push(`<ol class="post-list">`);
  const folder = spec.path.slice(0, spec.path.lastIndexOf('/') + 1);
  for (const card of spec.cards) {
    const categories = categoryTrail(site, folder, card.categories, href);
    parts.push(
      `<li data-post="${escapeHtmlAttribute(card.path)}"><article class="post-card">` +
        renderCardCover(card) +
        `<div><h2><a href="${href(card.path)}">${escapeHtmlText(card.title)}</a></h2>` +
        `<p class="meta">${renderSourceBadge(card.source)}${renderDate(card.date, card.displayDate, card.dateKnown, labels)} · ${categories}${renderAlsoIn(card.alsoIn, labels)}</p>` +
        (card.excerpt ? `<p class="excerpt">${escapeHtmlText(card.excerpt)}</p>` : '') +
        `</div></article></li>`,
    );
  }
  parts.push(`</ol>`);
  if (spec.newer !== undefined || spec.older !== undefined) {
    const newer = spec.newer === undefined ? undefined : href(spec.newer);
    const older = spec.older === undefined ? undefined : href(spec.older);
    const pager = spec.pager;
    const place = pager ?? { current: null, numbered: 0 };
    const pathOf = (number: number | null): string => href(pager ? pager.pathOf(number) : '');
    parts.push(renderPager(place, labels, pathOf, newer, older));
  }
  const title = spec.title ?? spec.heading;
  const url = absoluteUrl(site.url, spec.path);
  return renderPage(site, {
    path: spec.path,
    title,
    description: spec.description,
    feeds: spec.feeds,
    main: concatenated(parts, '\n'),
    share: { url, title, description: spec.description ?? '', image: null },
  });
}
