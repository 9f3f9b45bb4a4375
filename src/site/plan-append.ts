import { InternalError } from '../core/errors.js';
import type { SiteAssets } from './assets/site-assets.js';
import type { BuildContext } from './build-context.js';
import { holdNewest } from './held-posts.js';
import { pendingFiles, type EarlierKeys, type PlannedFile } from './output-writer.js';
import { PAGER_WINDOW } from './pages/page-numbers.js';
import { FEED_SIZE } from './plan-feeds.js';
import { planArchiveIndex, planList } from './plan-lists.js';
import { planPostPages, planSiteExtras, sitemapPages, type SitemapPosts } from './plan-pages.js';
import { planSearch } from './plan-search.js';
import { plannedAssets, type SitePlan } from './plan-site.js';
import type { HeadList } from './site-head.js';
import { listSize, type SiteList } from './site-list.js';
import type { SiteManifest } from './site-manifest.js';
import { fileOfPath, listPagePath, monthPath, type CategoryPaths } from './site-paths.js';
import type { SiteDates } from './site-dates.js';
import type { SitePost } from './site-posts.js';
import { siteSitemapLayout, type SitemapFileLayout } from './sitemap.js';

const ARCHIVE_INDEX = 'archives/index.html';

/**
 * Plans an append build: `context.posts` are the new posts (`fresh`) above the head's newest, and
 * `lists` the head's. Plans the new posts' pages and the page of the post below them, the lists
 * they join (their pages within the head, and their feeds), the archive index, the sitemap and the
 * search index, and carries every other file of `manifest` over under its recorded key, in the
 * order a full build plans them. Null where an append cannot do what a full build would: a list the
 * posts join that the head does not hold, or pages, sitemap files or an index block that need posts
 * beyond the head.
 */
export function planAppend(
  context: BuildContext,
  fresh: readonly SitePost[],
  headLists: readonly HeadList[],
  manifest: SiteManifest,
  assets: SiteAssets,
  earlier: EarlierKeys,
): (SitePlan & { lists: JoinedList[] }) | null {
  const lists = joinLists(context, fresh, headLists);
  if (!lists) return null;
  const touched = lists.filter((list) => list.added > 0);
  const listFiles = new Map<string, PlannedFile>();
  // First page of a list → its pages new to the site, planned right after it, as a full build does.
  const newPages = new Map<string, PlannedFile[]>();
  for (const list of touched) {
    if (!holdsChangedPages(list, context.perPage)) return null;
    const files = planList(context, list);
    for (const file of files) listFiles.set(file.path, file);
    const first = fileOfPath(listPagePath(list.base, null));
    newPages.set(
      first,
      files.filter((file) => !manifest.files.has(file.path)),
    );
  }
  const assetFiles = plannedAssets(assets);
  const planned: PlannedFile[] = [...assetFiles, ...planPostPages(context, fresh.length + 1)];
  const assetPaths = new Set(assetFiles.map((file) => file.path));
  let placed = 0;
  let added = 0;
  for (const [path, key] of manifest.files) {
    if (path === ARCHIVE_INDEX) break;
    if (assetPaths.has(path)) continue;
    const file = listFiles.get(path);
    planned.push(file ?? { path, key, render: carriedOver });
    if (file) placed++;
    for (const page of newPages.get(path) ?? []) {
      planned.push(page);
      placed++;
      added += page.path.endsWith('.html') ? 1 : 0;
    }
  }
  // A file of a list the manifest does not hold where a full build plans it: not an append's to place.
  if (placed !== listFiles.size) return null;
  const months = lists.filter((list) => !list.feeds && list.base !== '');
  planned.push(planArchiveIndex(context, months));
  const total = context.posts.length + (lists[0]?.older ?? 0);
  const earlierTotal = total - fresh.length;
  const sitemapPosts = earlierSitemap(context, total, earlierTotal, manifest, planned, added);
  const extras = planSiteExtras(context, planned, sitemapPosts);
  const search = planSearch(context, manifest.search, holdNewest(context.posts, total), earlierTotal);
  if (!extras || !search) return null;
  planned.push(...extras);
  return { planned, pending: pendingFiles(planned, earlier), search, lists };
}

/** A list of the head with the new posts it gains (`added`, at its top). */
export type JoinedList = SiteList & { added: number };

/** The bases of the lists a post is in: home, its three category levels, its month. */
export function listBasesOf(post: SitePost, categoryPath: CategoryPaths, dates: SiteDates): string[] {
  const levels = post.categories.map((_, level) => categoryPath(post.categories.slice(0, level + 1)));
  return ['', ...levels, monthPath(dates.month(post.date))];
}

/** The head's lists as site lists, each with the new posts it gains; null when one is missing. */
function joinLists(
  context: BuildContext,
  fresh: readonly SitePost[],
  headLists: readonly HeadList[],
): JoinedList[] | null {
  const lists = headLists.map((list): JoinedList => ({
    base: list.base,
    heading: list.heading,
    // A list's posts are read only when new posts join it (null: unread, untouched).
    posts: list.posts ?? [],
    older: list.count - (list.posts?.length ?? 0),
    breadcrumbs: list.breadcrumbs,
    children: list.children.map((child) => ({ ...child, count: 0 })),
    feeds: list.feeds,
    added: 0,
  }));
  const byBase = new Map(lists.map((list) => [list.base, list]));
  const joined = new Map<JoinedList, SitePost[]>();
  for (const post of fresh) {
    for (const base of listBasesOf(post, context.categoryPath, context.dates)) {
      const list = byBase.get(base);
      // A new list, or one whose newest posts the head does not hold (an older month).
      if (!list || (list.posts.length === 0 && (list.older ?? 0) > 0)) return null;
      const posts = joined.get(list) ?? [];
      joined.set(list, [...posts, post]);
    }
  }
  for (const [list, posts] of joined) {
    list.posts = [...posts, ...list.posts];
    list.added = posts.length;
  }
  for (const list of lists)
    for (const child of list.children) {
      const childList = byBase.get(child.path);
      child.count = childList ? listSize(childList) : 0;
    }
  return lists;
}

/**
 * Whether the list holds every page the new posts may change: the first page, new numbered pages,
 * and, when a numbered page is added, the pages whose pager or newer link shows it; and its feeds.
 */
function holdsChangedPages(list: JoinedList, perPage: number): boolean {
  if ((list.older ?? 0) === 0) return true;
  if (list.posts.length < FEED_SIZE) return false;
  const numberedOf = (count: number): number => Math.max(0, Math.floor(count / perPage) - 1);
  const after = numberedOf(listSize(list));
  const before = numberedOf(listSize(list) - list.added);
  const lowest = after === before ? after + 1 : Math.max(1, before - PAGER_WINDOW);
  // Posts from the newest down to the end of page `lowest` (page n ends n − 1 blocks from the oldest).
  const needed = lowest > after ? listSize(list) - after * perPage : listSize(list) - (lowest - 1) * perPage;
  return list.posts.length >= needed;
}

/**
 * The posts of an append's sitemap: the held newest, and for a post file of the earlier layout that
 * lists only earlier posts, its recorded key. `added` pages are new to the site.
 */
function earlierSitemap(
  context: BuildContext,
  total: number,
  earlierTotal: number,
  manifest: SiteManifest,
  planned: readonly PlannedFile[],
  added: number,
): SitemapPosts {
  let earlierLayout: Map<string, SitemapFileLayout> | null = null;
  return {
    ...holdNewest(context.posts, total),
    earlierKey(file) {
      if (!file.urls || file.urls.end > earlierTotal) return undefined;
      earlierLayout ??= new Map(
        siteSitemapLayout(earlierTotal, sitemapPages(planned).length - added).map((before) => [
          before.path,
          before,
        ]),
      );
      const before = earlierLayout.get(file.path)?.urls;
      const same = before?.start === file.urls.start && before.end === file.urls.end;
      return same ? manifest.files.get(file.path) : undefined;
    },
  };
}

function carriedOver(): string {
  // A carried file keeps its recorded key, so the writer never renders it.
  throw new InternalError('an append build rendered a file it carried over');
}
