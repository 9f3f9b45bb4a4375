import { createHash } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/resolve-config.js';
import { OutputError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { createSiteAssets } from './assets/site-assets.js';
import { createBuildContext } from './build-context.js';
import { openBuildJournal } from './build-journal.js';
import { acquireBuildLock } from './build-lock.js';
import { startBackgroundTask } from './background-task.js';
import { createContentPool, type ContentPool } from './content-pool.js';
import { pendingFiles, type EarlierFiles, type PlannedFile } from './output-writer.js';
import type { SiteFrame } from './pages/page-layout.js';
import { siteLabelsFor } from './pages/site-labels.js';
import { collectLists, planArchiveIndex, planList } from './plan-lists.js';
import { planPostPages, planSiteExtras } from './plan-pages.js';
import { planSearch, type SearchPlan } from './plan-search.js';
import { createPostContent, type PostContent } from './post-content.js';
import { createSiteDates } from './site-dates.js';
import { removeStaleSiteTemps, type SiteOutput } from './site-file-writer.js';
import { previousKey, readSiteManifest } from './site-manifest.js';
import { createCategoryPaths } from './site-paths.js';
import { createSitePosts, sourceCategories, type SitePost } from './site-posts.js';
import { writeSite } from './write-site.js';

/** What `buildSite` needs. */
export interface BuildSiteOptions {
  config: Config;
  store: Store;
  /** Render every file, not only those whose inputs changed; unchanged bytes are still not rewritten. */
  full?: boolean;
}

/** What a build did. */
export interface BuildSummary {
  posts: number;
  /** Files the site consists of. */
  files: number;
  /** Files rendered and written because their bytes changed. */
  written: number;
  /** Files rendered whose bytes turned out identical, so they were left alone. */
  unchanged: number;
  /** Files skipped without rendering because nothing they depend on changed. */
  skipped: number;
  /** Files of an earlier build that are gone from this one and were deleted. */
  deleted: number;
  /**
   * Paths refused because they are not safely inside the site folder (from an edited manifest or
   * journal, or through a folder that is a symlink out of it), each naming the path and why.
   */
  warnings: string[];
}

// Bump when templates change in a way the asset hashes do not capture, to re-render every page.
const TEMPLATE_VERSION = '1';
const STAGING_SUFFIX = '.newsmill-staging';

/**
 * Builds newsmill's static site from the store into `config.output.site`: paginated home, category
 * and month pages, one page per post, feeds, sitemap, search index, 404 and robots.txt. Only files
 * whose inputs changed since the last build are rendered, and only changed bytes are written. A build
 * holds the site's build lock: another build of the same site fails while it runs.
 */
export async function buildSite(options: BuildSiteOptions): Promise<BuildSummary> {
  const siteRoot = path.resolve(options.config.output.site);
  const lock = await acquireBuildLock(siteRoot);
  try {
    return await buildLocked(siteRoot, options);
  } finally {
    await lock.release();
  }
}

async function buildLocked(siteRoot: string, options: BuildSiteOptions): Promise<BuildSummary> {
  const pool = createContentPool();
  const output = await prepareOutput(siteRoot);
  try {
    const summary = await buildInto(output, options, pool);
    if (output.staged)
      await rename(output.root, siteRoot).catch((error: unknown) => {
        throw new OutputError(`cannot move the new site into place at ${siteRoot}`, { cause: error });
      });
    return summary;
  } catch (error) {
    if (output.staged) await rm(output.root, { recursive: true, force: true });
    throw error;
  } finally {
    await pool.close();
  }
}

/**
 * A first build goes into a hidden sibling folder that is renamed into place when it is done, so
 * nothing ever serves half a site and each file is written once, without a temp file and rename.
 * A later build updates the existing site file by file.
 */
async function prepareOutput(siteRoot: string): Promise<SiteOutput> {
  const exists = await stat(siteRoot).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw new OutputError(`cannot use ${siteRoot} as the site's folder`, { cause: error });
    },
  );
  if (exists) return { root: siteRoot, rootIsNew: false, staged: false };
  const staging = path.join(path.dirname(siteRoot), `.${path.basename(siteRoot)}${STAGING_SUFFIX}`);
  // Left by a build that was killed: it was never served.
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  return { root: staging, rootIsNew: true, staged: true };
}

async function buildInto(
  output: SiteOutput,
  options: BuildSiteOptions,
  pool: ContentPool,
): Promise<BuildSummary> {
  const { config, store } = options;
  const { root } = output;
  const [stored, sources, previous] = await Promise.all([
    store.listItemHeaders(),
    store.listSources(),
    output.staged ? null : readSiteManifest(root),
  ]);
  // A staging folder is new and renamed into place whole: it needs no journal and holds no temps.
  const journal = output.staged ? null : await openBuildJournal(root);
  if (journal && (journal.interrupted || !previous)) await removeStaleSiteTemps(root);

  // A source dropped from the config leaves the site at once; its items stay stored only until
  // `retention.removedSourceDays` have passed, so that adding it back brings them back.
  const configured = new Set(config.sources.map((source) => source.key));
  const items = stored.filter((item) => configured.has(item.sourceKey));
  const assets = createSiteAssets();
  const authors = new Map(config.sources.map((source) => [source.key, source.author]));
  const categoriesOf = sourceCategories(sources);
  const categoryPath = createCategoryPaths(new Set(items.map((item) => categoriesOf(item.sourceKey))));
  const posts = createSitePosts(items, categoriesOf, authors, categoryPath);
  const tops = [...new Set(posts.map((post) => post.categories[0]))].sort();
  const frame: SiteFrame = {
    title: config.site.title,
    url: config.site.url,
    language: config.site.language,
    labels: siteLabelsFor(config.site.language),
    cssPath: assets.css.path,
    nav: tops.map((name) => ({ name, path: categoryPath([name]) })),
  };
  const configKey = createConfigKey(config, frame, assets.search.path);
  // A full build still reads the manifest, to delete what the previous build wrote and is gone now.
  const sameConfig = !options.full && previous?.config === configKey ? previous : null;
  // Without the previous build's covers every article is cleaned: start the workers while planning.
  if (!sameConfig) pool.expect(posts.length);
  const content = createPostContent(config, store, sameConfig?.posts ?? new Map(), pool);
  const dates = createSiteDates(config.timezone, sameConfig?.zone);
  const context = createBuildContext({ config, frame, dates, posts, content, categoryPath });
  const planned: PlannedFile[] = [assets.css, assets.search].map((asset) => ({
    path: asset.path,
    key: asset.path,
    render: () => asset.content,
  }));
  planned.push(...planPostPages(context));
  const { lists, months } = collectLists(context);
  for (const list of lists) planned.push(...planList(context, list));
  planned.push(planArchiveIndex(context, months));
  // Keys hold no configuration, so only a build with the same one may skip files by key; and after
  // an interrupted build they say nothing of what is on disk, so every file renders (unchanged
  // bytes are still not rewritten).
  const trusted = journal?.interrupted ? null : sameConfig;
  const searchPlanner = planSearch(context, trusted?.search ?? {});
  const before = (file: PlannedFile): string | undefined =>
    trusted ? previousKey(trusted, file) : undefined;
  const pending = pendingFiles(planned, before);
  // Pages render as their articles arrive, and stale index blocks once all have: at once on the
  // workers, but on this thread only once every other file is handed to the writer, which then
  // writes them while the blocks build.
  // A failure reaches the pages waiting on their articles, the search, and the end of the build.
  const loading = startBackgroundTask(loadUsedContent(content, pending, searchPlanner.stalePosts, posts));
  const finishSearch = (): Promise<SearchPlan> => loading.result().then(() => searchPlanner.finish(pool));
  const threadedSearch = pool.threaded ? startBackgroundTask(finishSearch()) : null;
  const search = (): Promise<SearchPlan> => threadedSearch?.result() ?? finishSearch();
  const extras = planSiteExtras(context, planned);
  planned.push(...extras);
  pending.push(...pendingFiles(extras, before));
  const searchScript = assets.search.path;
  // What an interrupted build wrote and this one does not plan is deleted like a stale file.
  const previousFiles: EarlierFiles = {
    paths: [...(previous?.files.keys() ?? []), ...(journal?.interrupted?.files ?? [])],
    postDigests: previous?.posts ?? new Map(),
  };
  const record = async (files: readonly PlannedFile[]): Promise<void> =>
    journal?.record(
      files.filter((file) => !previous || previousKey(previous, file) === undefined).map((file) => file.path),
    );
  await record(planned);
  const outcome = await writeSite({
    output,
    context,
    configKey,
    searchScript,
    planned,
    pending,
    search,
    before,
    previousFiles,
    record,
  });
  // Every page may have been skipped, so that none waited on the articles still loading.
  await loading.result();
  await journal?.finish();
  const { written, unchanged, skipped, deleted, warnings } = outcome;
  return { posts: posts.length, files: planned.length, written, unchanged, skipped, deleted, warnings };
}

/** Loads the articles the files to render read, the search blocks to rebuild, and uncached covers. */
async function loadUsedContent(
  content: PostContent,
  pending: readonly PlannedFile[],
  searchPosts: readonly SitePost[],
  posts: readonly SitePost[],
): Promise<void> {
  const text = new Set(searchPosts);
  const html = new Set<SitePost>();
  for (const file of pending)
    for (const post of file.uses?.posts ?? []) (file.uses?.html ? html : text).add(post);
  // The manifest records every post's cover.
  for (const post of posts) if (content.needsCleaning(post)) html.add(post);
  await content.load(text, html);
}

function createConfigKey(config: Config, frame: SiteFrame, searchScript: string): string {
  const target = config.proxy.target;
  // The signing secret matters (it changes image URLs) but must not be readable from the manifest.
  const proxy =
    target?.kind === 'signed'
      ? { ...target, secret: createHash('sha256').update(target.secret).digest('hex') }
      : target;
  const sources = config.sources.map((source) => [source.key, source.proxyMode]);
  return createHash('sha256')
    .update(
      JSON.stringify([TEMPLATE_VERSION, config.site, config.timezone, config.proxy.mode, proxy, sources]) +
        JSON.stringify([config.cover, config.content, frame.nav, frame.cssPath, searchScript]),
    )
    .digest('base64url');
}
