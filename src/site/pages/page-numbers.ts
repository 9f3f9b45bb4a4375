import type { SiteLabels } from './site-labels.js';

/** Where a list page sits among the list's pages, for the numbered pager. */
export interface PagerPlace {
  /** The page's stable number; null for the first page, which holds the newest posts. */
  current: number | null;
  /** How many numbered pages the list has (page 1 holds the oldest posts). */
  numbered: number;
}

/** Numbered pages either side of the current one. */
export const PAGER_WINDOW = 2;

/**
 * The numbers the pager lists for a page, newest first: up to two either side of the current page
 * and always page 1; `null` stands for a gap. The first page counts as the one above the newest
 * numbered page. Numbers are the pages' stable numbers (they count from the oldest end), so a page's
 * pager changes only when a new numbered page appears within two of it.
 */
export function pagerNumbers(place: PagerPlace): Array<number | null> {
  const { numbered } = place;
  if (numbered === 0) return [];
  const position = place.current ?? numbered + 1;
  const top = Math.min(numbered, position + PAGER_WINDOW);
  const bottom = Math.max(1, position - PAGER_WINDOW);
  const numbers: Array<number | null> = top < numbered ? [null] : [];
  for (let number = top; number >= bottom; number--) numbers.push(number);
  if (bottom > 2) numbers.push(null);
  if (bottom > 1) numbers.push(1);
  return numbers;
}

/** What of the list's size a page's pager shows (its top number, and a gap above it): part of the page's key. */
export function pagerKey(place: PagerPlace): string {
  const position = place.current ?? place.numbered + 1;
  const top = Math.min(place.numbered, position + PAGER_WINDOW);
  return top < place.numbered ? `${top}…` : String(top);
}

/**
 * The pager: newer, the first page ("latest"), the numbered pages around this one, older. The
 * current page is marked with `aria-current` and is not a link. `href` gives a page's link.
 */
export function renderPager(
  place: PagerPlace,
  labels: SiteLabels,
  href: (number: number | null) => string,
  newer: string | undefined,
  older: string | undefined,
): string {
  const link = (number: number | null, text: string, label: string): string =>
    number === place.current
      ? `<li><span aria-current="page" aria-label="${label}">${text}</span></li>`
      : `<li><a href="${href(number)}" aria-label="${label}">${text}</a></li>`;
  const items = [link(null, labels.latest, labels.latest)];
  for (const number of pagerNumbers(place))
    items.push(
      number === null
        ? '<li aria-hidden="true">…</li>'
        : link(number, String(number), labels.page.replace('{n}', String(number))),
    );
  const before = newer === undefined ? '' : `<a rel="prev" href="${newer}">${labels.newer}</a>`;
  const after = older === undefined ? '' : `<a rel="next" href="${older}">${labels.older}</a>`;
  return `<nav class="pager" aria-label="${labels.pagination}">${before}<ol class="page-numbers">${items.join('')}</ol>${after}</nav>`;
}
