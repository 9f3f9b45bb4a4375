import { hash } from 'node:crypto';
import type { BuildContext } from './build-context.js';
import type { PlannedFile } from './output-writer.js';
import { renderArchiveIndex } from './pages/other-pages.js';
import { renderListPage, type SiteLink } from './pages/list-page.js';
import { pagerKey } from './pages/page-numbers.js';
import { feedLinksOf, planFeeds } from './plan-feeds.js';
import { listSize, type SiteList } from './site-list.js';
import { fileOfPath, listPagePath, monthPath } from './site-paths.js';
import type { SitePost } from './site-posts.js';
import { paginateStable, type ListPage } from './stable-pages.js';

/** Collects the home list, every category at every level, and every month, in a fixed order. */
export function collectLists(context: BuildContext): {
  lists: SiteList[];
  months: SiteList[];
  nav: SiteLink[];
} {
  const { posts, frame } = context;
  const home: SiteList = {
    base: '',
    heading: frame.title,
    posts: [...posts],
    breadcrumbs: [],
    children: [],
    feeds: true,
  };
  const categories = new Map<string, SiteList>();
  const months = new Map<string, SiteList>();
  for (const post of posts) {
    let parent = home;
    const links = context.categoryLinks(post);
    post.categories.forEach((name, level) => {
      const base = links[level]?.path ?? '';
      let list = categories.get(base);
      if (!list) {
        const breadcrumbs = [{ name: frame.labels.home, path: '' }, ...links.slice(0, level)];
        list = { base, heading: name, posts: [], breadcrumbs, children: [], feeds: true };
        categories.set(base, list);
        parent.children.push({ name, path: base, count: 0 });
      }
      list.posts.push(post);
      parent = list;
    });
    const month = context.dates.month(post.date);
    let monthList = months.get(month);
    if (!monthList) {
      const breadcrumbs = [{ name: frame.labels.archives, path: 'archives/' }];
      monthList = {
        base: monthPath(month),
        heading: month,
        posts: [],
        breadcrumbs,
        children: [],
        feeds: false,
      };
      months.set(month, monthList);
    }
    monthList.posts.push(post);
  }
  for (const list of [home, ...categories.values()]) {
    for (const child of list.children) {
      const category = categories.get(child.path);
      child.count = category ? listSize(category) : 0;
    }
    list.children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  const nav = home.children.map(({ name, path }) => ({ name, path }));
  // The home page links to top categories through the navigation already.
  home.children = [];
  const sortedCategories = [...categories.values()].sort((a, b) => (a.base < b.base ? -1 : 1));
  const sortedMonths = [...months.values()].sort((a, b) => (a.base < b.base ? 1 : -1));
  return { lists: [home, ...sortedCategories, ...sortedMonths], months: sortedMonths, nav };
}

/** Plans a list's pages (stable pagination) and its feeds. */
export function planList(context: BuildContext, list: SiteList): PlannedFile[] {
  const { home, categories } = context.frame.feeds;
  const feeds = list.feeds ? feedLinksOf(list.base, list.base === '' ? home : categories) : undefined;
  const planned: PlannedFile[] = feeds ? planFeeds(context, list, feeds) : [];
  const { frame } = context;
  // What every page shows besides its number, neighbours, subcategories and posts, hashed once per
  // list rather than stringified into every page's key.
  const listKey = context.key('list', list.base, list.heading, JSON.stringify([list.breadcrumbs, feeds]));
  const pages = paginateStable(list.posts, context.perPage, list.older);
  // The first page links to the newest numbered page, whose number is their count.
  const numbered = pages[0]?.older ?? 0;
  for (const page of pages) {
    const path = listPagePath(list.base, page.number);
    const first = page.number === null;
    const children = first ? list.children : [];
    // Title and neighbour links are only needed for the pages that render: most builds skip most.
    const linkTo = (number: number | null | undefined): string | undefined =>
      number === undefined ? undefined : listPagePath(list.base, number);
    const place = { current: page.number, numbered };
    planned.push({
      path: fileOfPath(path),
      key: pageKey(
        listKey,
        page,
        `${first ? context.key(JSON.stringify(children)) : ''}\u0000${pagerKey(place)}`,
      ),
      uses: { posts: page.items, html: false },
      render: () =>
        renderListPage(frame, {
          path,
          heading: list.heading,
          title: pageTitle(frame, list, page.number),
          breadcrumbs: list.breadcrumbs,
          children,
          cards: page.items.map((post) => context.card(post)),
          newer: linkTo(page.newer),
          older: linkTo(page.older),
          pager: { ...place, pathOf: (number) => listPagePath(list.base, number) },
          feeds,
        }),
    });
  }
  return planned;
}

/** The document title of a list's page: the site's on the home page, else the heading and number. */
function pageTitle(frame: BuildContext['frame'], list: SiteList, number: number | null): string {
  if (number === null) return list.base === '' ? frame.title : list.heading;
  return `${list.heading} · ${frame.labels.page.replace('{n}', String(number))}`;
}

/**
 * A list page's key: the list's, the page's place and its posts' fingerprints, as one flat ASCII
 * text. Built with varargs and `+=` per part, the keys were 17 MB of the 146 MB a one-item build
 * allocates at 20,000 posts.
 */
function pageKey(listKey: string, page: ListPage<SitePost>, childrenKey: string): string {
  const fingerprints: string[] = new Array<string>(page.items.length);
  for (let index = 0; index < page.items.length; index++)
    fingerprints[index] = (page.items[index] as SitePost).fingerprint;
  const place = `${page.number}\u0000${page.newer}\u0000${page.older}\u0000${childrenKey}`;
  return hash('sha1', `${listKey}\u0000${place}\u0000${fingerprints.join('\u0000')}`, 'base64url');
}

/** Plans the archive index, listing months newest first. */
export function planArchiveIndex(context: BuildContext, months: readonly SiteList[]): PlannedFile {
  const entries = months.map((list) => ({ month: list.heading, path: list.base, count: listSize(list) }));
  return {
    path: 'archives/index.html',
    key: context.key('archives', JSON.stringify(entries)),
    render: () => renderArchiveIndex(context.frame, entries),
  };
}
