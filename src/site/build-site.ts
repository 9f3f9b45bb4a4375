import { createHash } from 'node:crypto';
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/resolve-config.js';
import type { Store } from '../store/store.js';
import { createSiteAssets } from './assets/site-assets.js';
import { createBuildContext } from './build-context.js';
import { pendingFiles, writePlannedFiles, type PlannedFile, type WriteOutcome } from './output-writer.js';
import { renderNotFoundPage, renderRobots, renderSearchPage } from './pages/other-pages.js';
import type { SiteFrame } from './pages/page-layout.js';
import { renderPostPage } from './pages/post-page.js';
import { siteLabelsFor } from './pages/site-labels.js';
import { collectLists, planArchiveIndex, planList } from './plan-lists.js';
import { planSearch } from './plan-search.js';
import { createPostContent, type PostContent } from './post-content.js';
import { createSiteDates } from './site-dates.js';
import {
  MANIFEST_FILE,
  readSiteManifest,
  serializeSiteManifest,
  type SiteManifest,
} from './site-manifest.js';
import { createSiteFileWriter, removeStaleSiteTemps } from './site-file-writer.js';
import { absoluteUrl, categoryPath, fileOfPath } from './site-paths.js';
import { createSitePosts, isWebLink, type SitePost } from './site-posts.js';
import { splitSitemap } from './sitemap.js';

/** What `buildSite` needs. */
export interface BuildSiteOptions {
  config: Config;
  store: Store;
  /** Ignore the previous build's manifest and render every file (unchanged bytes are still not rewritten). */
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
}

// Bump when templates change in a way the asset hashes do not capture, to re-render every page.
const TEMPLATE_VERSION = '1';
const BUILD_MARKER = '.newsmill-building';

/**
 * Builds newsmill's static site from the store into `config.output.site`: paginated home, category
 * and month pages, one page per post, feeds, sitemap, search index, 404 and robots.txt. Only files
 * whose inputs changed since the last build are rendered, and only changed bytes are written.
 */
export async function buildSite(options: BuildSiteOptions): Promise<BuildSummary> {
  const { config, store } = options;
  const root = path.resolve(config.output.site);
  const rootIsNew = (await mkdir(root, { recursive: true })) !== undefined;
  const [items, sources, previous] = await Promise.all([
    store.listItemHeaders(),
    store.listSources(),
    options.full ? null : readSiteManifest(root),
  ]);
  const marker = path.join(root, BUILD_MARKER);
  const interrupted = await access(marker).then(
    () => true,
    () => false,
  );
  if (!rootIsNew && (interrupted || !previous)) await removeStaleSiteTemps(root);
  await writeFile(marker, '');

  const assets = createSiteAssets();
  const authors = new Map(config.sources.map((source) => [source.key, source.author]));
  const posts = createSitePosts(items, sources, authors);
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
  const sameConfig = previous?.config === configKey ? previous : null;
  const content = createPostContent(config, store, sameConfig?.covers ?? {});
  const dates = createSiteDates(config.timezone);
  const context = createBuildContext({ config, frame, dates, posts, content }, configKey);

  const planned: PlannedFile[] = [assets.css, assets.search].map((asset) => ({
    path: asset.path,
    key: asset.path,
    render: () => asset.content,
  }));
  for (const post of posts) {
    planned.push({
      path: fileOfPath(post.path),
      key: context.key('post', post.fingerprint),
      uses: { posts: [post], html: true },
      render: () => {
        const { html, cover } = content.get(post);
        return renderPostPage(frame, {
          path: post.path,
          title: post.title,
          source: post.categories[1],
          categories: context.categoryLinks(post),
          date: post.date,
          displayDate: dates.display(post.date),
          cover,
          html,
          excerpt: context.excerpt(post),
          link: isWebLink(post.item.link) ? post.item.link : null,
        });
      },
    });
  }
  const { lists, months } = collectLists(context);
  for (const list of lists) planned.push(...planList(context, list));
  planned.push(planArchiveIndex(context, months));
  const searchPlanner = planSearch(context, sameConfig?.search ?? {});
  const before = previous?.files ?? {};
  await loadUsedContent(content, pendingFiles(planned, before), searchPlanner.stalePosts, posts);
  const search = searchPlanner.finish();
  planned.push(...search.files, {
    path: 'search/index.html',
    key: context.key('search-page', search.metaPath),
    render: () => renderSearchPage(frame, assets.search.path, search.metaPath),
  });
  planned.push({ path: '404.html', key: context.key('404'), render: () => renderNotFoundPage(frame) });
  const sitemapUrl = absoluteUrl(config.site.url, 'sitemap.xml');
  planned.push({
    path: 'robots.txt',
    key: context.key('robots', sitemapUrl),
    render: () => renderRobots(sitemapUrl),
  });
  planned.push(...planSitemap(config, planned, posts));

  const pending = pendingFiles(planned, before);
  const writer = createSiteFileWriter(root, rootIsNew, pending.length);
  let outcome: WriteOutcome;
  try {
    outcome = await writePlannedFiles(writer, root, planned, pending, before);
    const manifest: SiteManifest = {
      version: 2,
      config: configKey,
      files: outcome.files,
      covers: {},
      search: search.blocks,
    };
    for (const post of posts) manifest.covers[post.digest] = [post.fingerprint, content.cover(post)];
    await writer.write(MANIFEST_FILE, serializeSiteManifest(manifest));
  } finally {
    await writer.close();
  }
  await rm(marker, { force: true });
  return {
    posts: posts.length,
    files: planned.length,
    written: outcome.written,
    unchanged: outcome.unchanged,
    skipped: outcome.skipped,
    deleted: outcome.deleted,
  };
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

function planSitemap(
  config: Config,
  planned: readonly PlannedFile[],
  posts: readonly SitePost[],
): PlannedFile[] {
  const postFiles = new Set(posts.map((post) => fileOfPath(post.path)));
  const pageOf = (file: string): string =>
    absoluteUrl(config.site.url, file.endsWith('index.html') ? file.slice(0, -'index.html'.length) : file);
  // Posts oldest first, then the lists: past the split limit, appending a post changes only the last files.
  const urls = [
    ...[...posts].reverse().map((post) => ({
      loc: absoluteUrl(config.site.url, post.path),
      lastmod: dayOf(post.item.updated && post.item.updated > post.date ? post.item.updated : post.date),
    })),
    ...planned
      .filter(
        (file) =>
          file.path.endsWith('.html') &&
          file.path !== '404.html' &&
          !postFiles.has(file.path) &&
          !file.path.startsWith('search/'),
      )
      .map((file) => ({ loc: pageOf(file.path) })),
  ];
  return splitSitemap(urls, config.site.url).map((file) => ({
    path: file.path,
    key: createHash('sha256').update(file.content).digest('base64url'),
    render: () => file.content,
  }));
}

function dayOf(iso: string): string {
  return iso.slice(0, 10);
}
