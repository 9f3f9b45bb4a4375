import { InternalError } from '../core/errors.js';
import type { SiteAssets } from './assets/site-assets.js';
import type { BuildContext } from './build-context.js';
import type { ContentPool } from './content-pool.js';
import { pendingFiles, type PlannedFile } from './output-writer.js';
import { collectLists, planArchiveIndex, planList } from './plan-lists.js';
import { everyPost, planPostPages, planSiteExtras } from './plan-pages.js';
import { planSearch, type SearchPlan, type SearchPlanner } from './plan-search.js';
import type { PreviousBuild } from './previous-build.js';
import type { SiteList } from './site-list.js';
import type { SitePost } from './site-posts.js';
import { startBackgroundTask, type BackgroundTask } from './background-task.js';

/** The files of one build: every file the site consists of, and those to render because their inputs changed. */
export interface SitePlan {
  /** Every file but the search index's, which is planned once its blocks are built. */
  planned: PlannedFile[];
  /** The planned files whose key differs from the previous build's: the ones to render and write. */
  pending: PlannedFile[];
  search: SearchPlanner;
  /** Every list of the site, in plan order: home, categories, months newest first. */
  lists: SiteList[];
}

/** The search index while it builds: started now on the workers, or on this thread when asked. */
export interface SearchJob {
  /** Starts building the index, or joins the build already started. */
  start(): Promise<SearchPlan>;
}

/** Plans the assets, the post pages, the lists and the search index, and which of them changed. */
export function planSite(context: BuildContext, assets: SiteAssets, previous: PreviousBuild): SitePlan {
  const planned: PlannedFile[] = plannedAssets(assets);
  planned.push(...planPostPages(context));
  const { lists, months } = collectLists(context);
  for (const list of lists) planned.push(...planList(context, list));
  planned.push(planArchiveIndex(context, months));
  const search = planSearch(context, previous.searchBlocks);
  if (!search) throw new InternalError('a build that holds every post lacked posts for its search index');
  return { planned, pending: pendingFiles(planned, previous), search, lists };
}

/** The site's fingerprinted assets: named by their content, so the name is the key. */
export function plannedAssets(assets: SiteAssets): PlannedFile[] {
  return [assets.css, assets.search, assets.reader].map((asset) => ({
    path: asset.path,
    key: asset.path,
    render: () => asset.content,
  }));
}

/** The posts the pending files and the stale index blocks show: those whose covers a build reads. */
export function* postsShown(plan: SitePlan): Iterable<SitePost> {
  for (const file of plan.pending) yield* file.uses?.posts ?? [];
  yield* plan.search.stalePosts;
}

/** Adds the 404 page, robots.txt and the sitemap, which list every other planned page. */
export function planExtras(context: BuildContext, plan: SitePlan, previous: PreviousBuild): void {
  const extras = planSiteExtras(context, plan.planned, everyPost(context));
  if (!extras) throw new InternalError('a build that holds every post lacked posts for its sitemap');
  plan.planned.push(...extras);
  plan.pending.push(...pendingFiles(extras, previous));
}

/**
 * Starts loading the articles the pending files and the stale index blocks read, and the covers
 * no manifest holds. Pages render as their articles arrive, and stale index blocks once all have:
 * at once on the workers, but on this thread only once every other file is written, so that no
 * page waits behind them. A failure reaches the pages waiting on their
 * articles, the search, and `loading`, which the build awaits before it reports success.
 */
export function startLoading(
  context: BuildContext,
  plan: SitePlan,
  pool: ContentPool,
): { loading: BackgroundTask<void>; search: SearchJob } {
  const loading = startBackgroundTask(loadUsedContent(context, plan));
  const finish = (): Promise<SearchPlan> => loading.result().then(() => plan.search.finish(pool));
  const threaded = pool.threaded ? startBackgroundTask(finish()) : null;
  return { loading, search: { start: () => threaded?.result() ?? finish() } };
}

async function loadUsedContent(context: BuildContext, plan: SitePlan): Promise<void> {
  const text = new Set(plan.search.stalePosts);
  const html = new Set<SitePost>();
  for (const file of plan.pending)
    for (const post of file.uses?.posts ?? []) (file.uses?.html ? html : text).add(post);
  // The manifest records every post's cover.
  for (const post of context.posts) if (context.content.needsCleaning(post)) html.add(post);
  await context.content.load(text, html);
}
