import { createHash } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/resolve-config.js';
import { OutputError } from '../core/errors.js';
import type { ItemsMark, ItemStore, SourceRecord, SourceStore } from '../store/store.js';
import { createSiteAssets, type SiteAssets } from './assets/site-assets.js';
import { createBuildContext } from './build-context.js';
import { acquireBuildLock } from './build-lock.js';
import { createContentPool, type ContentPool } from './content-pool.js';
import type { SiteLink } from './pages/list-page.js';
import type { SiteFrame } from './pages/page-layout.js';
import { siteLabelsFor } from './pages/site-labels.js';
import { planExtras, planSite, postsShown, startLoading } from './plan-site.js';
import { cleaningKeyFor, createPostContent } from './post-content.js';
import { findPreviousBuild, PreviousBuild } from './previous-build.js';
import { recordBuild } from './record-build.js';
import { createSiteDates } from './site-dates.js';
import { createSiteFileWriter, type SiteOutput } from './site-file-writer.js';
import { prepareSiteOutput } from './site-output.js';
import { createCategoryPaths, type CategoryPaths } from './site-paths.js';
import { mergeStories } from './site-stories.js';
import { createSitePosts, sourceCategories, type SitePost } from './site-posts.js';
import type { BuildInputs } from './site-manifest.js';
import type { BuildSummary } from './build-summary.js';
import { siteHeadOf, storyHashes, writeSiteHead } from './site-head.js';
import { appendBuild, type AppendSource } from './append-build.js';
import { writeSite } from './write-site.js';

/** What a site build reads of the store: the items, and the sources' categories. */
export type SiteStore = ItemStore & Pick<SourceStore, 'listSources'>;

/** What `buildSite` needs. */
export interface BuildSiteOptions {
  config: Config;
  store: SiteStore;
  /** Render every file, not only those whose inputs changed; unchanged bytes are still not rewritten. */
  full?: boolean;
}

export type { BuildSummary } from './build-summary.js';

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
  const output = await prepareSiteOutput(siteRoot);
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
 * One build, top to bottom: load the previous build → plan → render → write → record. A build
 * whose inputs are those the previous one recorded would write the same site, and stops there.
 */
async function buildInto(
  output: SiteOutput,
  options: BuildSiteOptions,
  pool: ContentPool,
): Promise<BuildSummary> {
  const { config, store } = options;
  const assets = createSiteAssets();
  // The mark is read before the items: a save in between makes the next build read them again.
  const [found, mark, sources] = await Promise.all([
    findPreviousBuild(output),
    store.itemsMark(),
    store.listSources(),
  ]);
  const settings = createSettingsKey(config, assets, sources);
  const inputs = inputsKey(settings, mark);
  const recorded = found.manifest?.inputs;
  if (recorded?.key === inputs && !options.full && found.journal && !found.journal.interrupted) {
    await found.journal.finish();
    return unchangedSummary(recorded);
  }
  if (!options.full) {
    const source = appendSource(options, pool, assets, { settings, key: inputs, mark, sources });
    const appended = await appendBuild(output, pool, found, assets, source);
    if (appended) return { ...appended, upToDate: false, appended: true };
  }
  const site = await outlineSite(config, store, sources, assets);
  const configKey = createConfigKey(config, site.frame, assets);
  const previous = new PreviousBuild(found, configKey, options.full ?? false, site.posts);
  // Without the previous build's covers every article is cleaned: start the workers while planning.
  if (previous.trust === 'files') pool.expect(site.posts.length);
  await previous.readRecords(output.root);

  const context = createBuildContext({
    frame: site.frame,
    perPage: config.site.perPage,
    posts: site.posts,
    categoryPath: site.categoryPath,
    dates: createSiteDates(config.timezone),
    content: createPostContent(config, store, previous.covers, pool),
    placeholderFor: config.site.missingCover === 'placeholder' ? config.cover.fallback : null,
  });
  const plan = planSite(context, assets, previous);
  const head = siteHeadOf(plan.lists, config.site.perPage, site.frame.nav, site.sources, site.stories);
  await previous.readCoversOf([...postsShown(plan), ...head.lists.flatMap((list) => list.posts ?? [])]);
  const { loading, search } = startLoading(context, plan, pool);
  // The sitemap lists every page; it is planned while the first articles load.
  planExtras(context, plan, previous);

  await previous.recordNewFiles(plan.planned);
  const writer = createSiteFileWriter(output);
  const searchScript = assets.search.path;
  const written = await writeSite({ output, writer, context, searchScript, plan, search, previous });
  // Every page may have been skipped, so that none waited on the articles still loading.
  await loading.result();
  const files = plan.planned.length;
  // A refused file is tried again by the next build, which therefore must not skip.
  const posts = site.posts.length;
  const cover = (post: SitePost): string => context.content.cover(post);
  const headFiles =
    written.refused.size === 0 ? await writeSiteHead(writer, output.root, head, configKey, cover) : null;
  const record: BuildInputs | null = headFiles && {
    key: inputs,
    posts,
    files,
    settings,
    mark,
    head: headFiles.name,
  };
  await recordBuild(
    output.root,
    writer,
    context,
    { configKey, inputs: record, head: headFiles?.files ?? [] },
    plan.planned,
    written,
    previous,
  );
  const { written: count, unchanged, skipped, deleted, warnings } = written.outcome;
  const summary = { written: count, unchanged, skipped, deleted, warnings, upToDate: false, appended: false };
  return { posts, files, ...summary };
}

/** What a build that found its inputs unchanged reports: every file of the site skipped. */
function unchangedSummary(recorded: BuildInputs): BuildSummary {
  const { posts, files } = recorded;
  const summary = { written: 0, unchanged: 0, skipped: files, deleted: 0, warnings: [], appended: false };
  return { posts, files, ...summary, upToDate: true };
}

/** What the site consists of before any file is planned: its posts, their categories, the frame. */
interface SiteOutline {
  posts: readonly SitePost[];
  categoryPath: CategoryPaths;
  frame: SiteFrame;
  /** The sources with items on the site, and (merging stories) every item's story hash, for the head. */
  sources: ReadonlySet<string>;
  stories: number[] | null;
}

async function outlineSite(
  config: Config,
  store: SiteStore,
  sources: readonly SourceRecord[],
  assets: SiteAssets,
): Promise<SiteOutline> {
  const stored = await store.listItemHeaders();
  // A source dropped from the config leaves the site at once; its items stay stored only until
  // `retention.removedSourceDays` have passed, so that adding it back brings them back.
  const configured = new Set(config.sources.map((source) => source.key));
  const items = stored.filter((item) => configured.has(item.sourceKey));
  const authors = new Map(config.sources.map((source) => [source.key, source.author]));
  const categoriesOf = sourceCategories(sources);
  const categoryPath = createCategoryPaths(new Set(items.map((item) => categoriesOf(item.sourceKey))));
  const each = createSitePosts(items, categoriesOf, authors, categoryPath);
  const posts = config.dedupe.site === 'link' ? mergeStories(each) : each;
  const tops = [...new Set(posts.map((post) => post.categories[0]))].sort();
  const frame = siteFrame(
    config,
    assets,
    tops.map((name) => ({ name, path: categoryPath([name]) })),
  );
  const withItems = new Set(items.map((item) => item.sourceKey));
  const stories = config.dedupe.site === 'link' ? storyHashes(items) : null;
  return { posts, categoryPath, frame, sources: withItems, stories };
}

/** What every page shows of the site: its title, URL, language, assets and top categories (`nav`). */
function siteFrame(config: Config, assets: SiteAssets, nav: readonly SiteLink[]): SiteFrame {
  return {
    title: config.site.title,
    url: config.site.url,
    language: config.site.language,
    labels: siteLabelsFor(config.site.language),
    cssPath: assets.css.path,
    readerPath: assets.reader.path,
    nav: nav.map(({ name, path: to }) => ({ name, path: to })),
    feeds: config.site.feeds,
  };
}

/** What an append build reads of the configuration and the store (`appendBuild`). */
function appendSource(
  options: BuildSiteOptions,
  pool: ContentPool,
  assets: SiteAssets,
  inputs: { settings: string; key: string; mark: ItemsMark; sources: readonly SourceRecord[] },
): AppendSource {
  const { config, store } = options;
  return {
    settings: inputs.settings,
    key: inputs.key,
    mark: inputs.mark,
    perPage: config.site.perPage,
    timezone: config.timezone,
    mergesStories: config.dedupe.site === 'link',
    configured: new Set(config.sources.map((source) => source.key)),
    categoriesOf: sourceCategories(inputs.sources),
    authors: new Map(config.sources.map((source) => [source.key, source.author])),
    placeholderFor: config.site.missingCover === 'placeholder' ? config.cover.fallback : null,
    // The headers first: an item changed before the mark is read again shows in the mark.
    async readChanges(after) {
      const headers = await store.listItemHeaders(after);
      return { headers, before: await store.itemsMark(after) };
    },
    frame: (nav) => siteFrame(config, assets, nav),
    configKey: (frame) => createConfigKey(config, frame, assets),
    content: (covers) => createPostContent(config, store, covers, pool),
  };
}

// Bump when templates change in a way the asset hashes do not capture, to re-render every page.
const TEMPLATE_VERSION = '5';
// Bump when a build of the same inputs would write other files or bytes (a template, the files'
// layout), so that the site an older newsmill recorded is not taken as up to date; which files
// change is then for their keys to say.
const OUTPUT_VERSION = '2';

/**
 * The key of the configuration and templates every file's key assumes: a build whose key differs
 * from the previous one's trusts none of that build's keys. The navigation is in it because every
 * page shows it.
 */
function createConfigKey(config: Config, frame: SiteFrame, assets: SiteAssets): string {
  return createHash('sha256')
    .update(JSON.stringify(renderSettings(config)))
    .update(
      JSON.stringify([
        config.cover,
        config.content,
        frame.nav,
        frame.cssPath,
        frame.readerPath,
        assets.search.path,
      ]),
    )
    .digest('base64url');
}

/**
 * The key of everything a build reads but the items: the configuration, the templates and the
 * sources' categories. With the store's mark (`inputsKey`) it is the key of all a build reads: a
 * build that finds the key the previous build recorded would write the same site, and stops
 * (`BuildSummary.upToDate`); one that finds these settings unchanged may append new items
 * (`appendBuild`). Where the configuration holds more than the site shows (per source: the author,
 * the image proxy), only what the site reads is in the key, so that a fetch setting changes nothing.
 */
function createSettingsKey(config: Config, assets: SiteAssets, sources: readonly SourceRecord[]): string {
  const authors = config.sources.map((source) => [source.key, source.author]);
  // By key: a store lists sources in the order they were registered, which concurrent fetches vary.
  const categories = sources
    .map((source) => [source.key, source.categories] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify(renderSettings(config)))
    .update(JSON.stringify([config.cover, config.content, config.dedupe.site, authors, categories]))
    .update(JSON.stringify([OUTPUT_VERSION, assets.css.path, assets.reader.path, assets.search.path]))
    .digest('base64url');
}

/** The key of the settings and the items: what a build that skips must find unchanged. */
function inputsKey(settings: string, mark: ItemsMark): string {
  return createHash('sha256').update(settings).update(JSON.stringify(mark)).digest('base64url');
}

/** What every page's rendering depends on, the proxy's signing secret only as a hash. */
function renderSettings(config: Config): unknown[] {
  const target = config.proxy.target;
  // The secret matters (it changes image URLs) but must not be readable from the manifest.
  const proxy =
    target?.kind === 'signed'
      ? { ...target, secret: createHash('sha256').update(target.secret).digest('hex') }
      : target;
  // Each source's cleaning key: its image proxy mode, and the cleaner's version, whose new output
  // (a sanitizer fix) must reach the pages built before it.
  const sources = config.sources.map((source) => [source.key, cleaningKeyFor(config, source.key)]);
  return [TEMPLATE_VERSION, config.site, config.timezone, config.proxy.mode, proxy, sources];
}
