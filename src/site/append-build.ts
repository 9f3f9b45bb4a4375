import { storyKeyHash } from '../core/story-link.js';
import type { SiteAssets } from './assets/site-assets.js';
import type { BuildSummary } from './build-summary.js';
import { createBuildContext } from './build-context.js';
import type { BuildJournal } from './build-journal.js';
import type { ContentPool } from './content-pool.js';
import { readSegment, type PostRecord } from './manifest-segments.js';
import type { EarlierFiles, PlannedFile, WriteOutcome } from './output-writer.js';
import type { SiteLink } from './pages/list-page.js';
import type { SiteFrame } from './pages/page-layout.js';
import { listBasesOf, planAppend, type JoinedList } from './plan-append.js';
import { startLoading } from './plan-site.js';
import type { PostContent } from './post-content.js';
import type { CachedRecords } from './post-records.js';
import type { EarlierBuild, FoundBuild } from './previous-build.js';
import { planAppendSegments, recordAppendBuild } from './record-append.js';
import { createSiteDates, type SiteDates } from './site-dates.js';
import { createSiteFileWriter, type SiteOutput } from './site-file-writer.js';
import { readHeadPosts } from './head-posts.js';
import { readSiteHead, siteHeadOf, type HeadList, type SiteHead } from './site-head.js';
import type { RecordedMark, SiteManifest } from './site-manifest.js';
import { createCategoryPaths, type CategoryPaths } from './site-paths.js';
import { createSitePosts, type SitePost, type SourceCategories } from './site-posts.js';
import { writeSite } from './write-site.js';

/** What an append build needs of the configuration and the store, from the site builder. */
export interface AppendSource {
  /** The key of the settings (`createSettingsKey`), and of the settings with the mark. */
  settings: string;
  key: string;
  /** The store's mark, read before anything else. */
  mark: RecordedMark;
  perPage: number;
  timezone: string;
  /** Whether the site shows one post per story (`dedupe.site: link`). */
  mergesStories: boolean;
  /** The sources of the configuration, their categories and authors. */
  configured: ReadonlySet<string>;
  categoriesOf: SourceCategories;
  authors: ReadonlyMap<string, string>;
  /** The fallback picture the site replaces by placeholders, or null. */
  placeholderFor: string | null;
  /** The headers of the items changed after `after`, then the mark of those changed up to it. */
  readChanges(after: string): Promise<{ headers: Array<SitePost['item']>; before: RecordedMark }>;
  frame(nav: readonly SiteLink[]): SiteFrame;
  configKey(frame: SiteFrame): string;
  content(covers: CachedRecords): PostContent;
}

/** What an append build did (`BuildSummary` without its flags). */
export type AppendSummary = Omit<BuildSummary, 'upToDate' | 'appended'>;

/**
 * Builds the site by appending, when the store holds only new items since the last build, each
 * newer than every post: from the head that build recorded, without reading every item or
 * planning every page (`planAppend`). Null, having written nothing, whenever it cannot: no head or
 * another configuration, an item changed or removed, one older than the newest post, from a
 * source or in a list new to the site, or a story shared with another item; the full build then
 * runs. Only when the previous build finished and its keys are trusted.
 */
export async function appendBuild(
  output: SiteOutput,
  pool: ContentPool,
  found: FoundBuild,
  assets: SiteAssets,
  source: AppendSource,
): Promise<AppendSummary | null> {
  const start = await readAppend(output.root, found, source);
  if (!start) return null;
  const { manifest, journal, head, fresh, first } = start;
  const frame = source.frame(head.nav);
  const configKey = source.configKey(frame);
  if (configKey !== manifest.config) return null;
  const context = createBuildContext({
    frame,
    perPage: source.perPage,
    posts: [...fresh, ...start.home],
    dates: start.dates,
    content: source.content(cachedCovers(start.covers, first, headPosts(head))),
    categoryPath: start.categoryPath,
    placeholderFor: source.placeholderFor,
  });
  const earlier = new AppendedFrom(manifest, journal, first);
  const plan = planAppend(context, fresh, head.lists, manifest, assets, earlier);
  const segments = planAppendSegments(fresh, { configKey, first, last: manifest.segments.length === 1 });
  if (!plan || !segments) return null;

  const { loading, search } = startLoading(context, plan, pool);
  await earlier.recordNewFiles(plan.planned);
  const writer = createSiteFileWriter(output);
  const searchScript = assets.search.path;
  const written = await writeSite({ output, writer, context, searchScript, plan, search, previous: earlier });
  await loading.result();
  const posts = (head.lists[0]?.count ?? 0) + fresh.length;
  const files = written.outcome.files.size + posts;
  const inputs = { key: source.key, posts, files, settings: source.settings, mark: source.mark };
  await recordAppendBuild(output.root, writer, context, {
    configKey,
    inputs,
    fresh: fresh.length,
    segments,
    first,
    rest: manifest.segments.slice(1),
    head: movedHead(head, plan.lists, start.stories, source.perPage),
    written,
  });
  await journal.finish();
  return summaryOf(written.outcome, posts, files);
}

/** What an append reads and checks before planning anything. */
interface AppendStart {
  manifest: SiteManifest;
  journal: BuildJournal;
  head: SiteHead;
  /** The new posts, newest first, and the home list's newest as the head holds them. */
  fresh: SitePost[];
  home: SitePost[];
  covers: ReadonlyMap<string, string>;
  first: ReadonlyMap<string, PostRecord>;
  stories: number[] | null;
  categoryPath: CategoryPaths;
  dates: SiteDates;
}

/**
 * Reads what an append starts from, and checks that it may: the previous build finished with the
 * same settings, no item it read changed or went, every new item is newer than every post, from a
 * source the site shows, in lists the head holds (whose posts it then reads), and of a story of
 * its own. Null when any of that fails.
 */
async function readAppend(
  root: string,
  found: FoundBuild,
  source: AppendSource,
): Promise<AppendStart | null> {
  const { manifest, journal } = found;
  const recorded = manifest?.inputs;
  const firstSegment = manifest?.segments[0];
  if (!manifest || !recorded || !journal || journal.interrupted || manifest.inline) return null;
  if (recorded.settings !== source.settings || !recorded.mark.latest || !source.mark.latest) return null;
  if (firstSegment === undefined) return null;
  const [changes, head, first] = await Promise.all([
    source.readChanges(recorded.mark.latest),
    readSiteHead(root, recorded.head),
    readSegment(root, firstSegment),
  ]);
  if (!sameMark(changes.before, recorded.mark) || !head || !first) return null;
  // Items saved after this build read the mark are the next build's.
  const until = Date.parse(source.mark.latest);
  const items = changes.headers.filter(
    (item) => source.configured.has(item.sourceKey) && Date.parse(item.changedAt) <= until,
  );
  const stories = appendedStories(items, head, source.mergesStories);
  const known = new Set(head.sources);
  if (stories === undefined || items.some((item) => !known.has(item.sourceKey))) return null;
  const categoryPath = createCategoryPaths(head.sources.map((key) => source.categoriesOf(key)));
  const fresh = createSitePosts(items, source.categoriesOf, source.authors, categoryPath);
  const dates = createSiteDates(source.timezone);
  const bases = new Set(['', ...fresh.flatMap((post) => listBasesOf(post, categoryPath, dates))]);
  const covers = await readHeadLists(root, head, bases, source);
  const home = head.lists[0]?.base === '' ? head.lists[0].posts : null;
  const newest = home?.[0];
  if (!covers || !home || !newest || first.keys().next().value !== newest.digest) return null;
  if (fresh.some((post) => post.date <= newest.date)) return null;
  return { manifest, journal, head, fresh, home, covers, first, stories, categoryPath, dates };
}

/**
 * Reads the posts of the head's lists of `bases` into them; returns their covers, or null when a
 * base names no list of the head (a new list) or a file cannot be read.
 */
async function readHeadLists(
  root: string,
  head: SiteHead,
  bases: ReadonlySet<string>,
  source: AppendSource,
): Promise<Map<string, string> | null> {
  const lists = head.lists.filter((list) => bases.has(list.base));
  if (lists.length !== bases.size) return null;
  const covers = new Map<string, string>();
  const read = await Promise.all(
    lists.map(async (list) => {
      if (list.file === null) return list.count === 0;
      const posts = await readHeadPosts(root, list.file, source.categoriesOf, source.authors);
      if (!posts) return false;
      list.posts = posts.posts;
      posts.covers.forEach((cover, digest) => covers.set(digest, cover));
      return true;
    }),
  );
  return read.every(Boolean) ? covers : null;
}

/**
 * The head after an append: the lists the new posts joined (and home) with their newest posts
 * again, the others as they were, with the story hashes the new items add.
 */
function movedHead(
  head: SiteHead,
  lists: readonly JoinedList[],
  stories: number[] | null,
  perPage: number,
): SiteHead {
  const moved = siteHeadOf(lists, perPage, head.nav, head.sources, stories);
  moved.lists = moved.lists.map((list, index) => {
    const joined = lists[index];
    return index === 0 || (joined?.added ?? 0) > 0 ? list : (head.lists[index] as HeadList);
  });
  return moved;
}

function summaryOf(outcome: WriteOutcome, posts: number, files: number): AppendSummary {
  const { written, unchanged, deleted, warnings } = outcome;
  return { posts, files, written, unchanged, skipped: files - written - unchanged, deleted, warnings };
}

function sameMark(a: RecordedMark, b: RecordedMark): boolean {
  return a.count === b.count && a.changes === b.changes && a.latest === b.latest;
}

/**
 * The head's story hashes with the new items' (merging stories), sorted; undefined when a new item
 * shares one with another item, old or new: which copy a story shows is the full build's call.
 * Null when the site does not merge stories.
 */
function appendedStories(
  items: ReadonlyArray<SitePost['item']>,
  head: SiteHead,
  merges: boolean,
): number[] | null | undefined {
  if (!merges) return null;
  if (!head.stories) return undefined;
  // Sorted: each new hash is looked up and placed by bisection, not by rebuilding a set of all.
  const hashes = [...head.stories];
  for (const item of items) {
    const hash = storyKeyHash(item.link);
    if (hash === null) continue;
    let [low, high] = [0, hashes.length];
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((hashes[middle] as number) < hash) low = middle + 1;
      else high = middle;
    }
    if (hashes[low] === hash) return undefined;
    hashes.splice(low, 0, hash);
  }
  return hashes;
}

/** The covers the head and the first segment of post records hold, for the posts an append shows. */
function cachedCovers(
  covers: ReadonlyMap<string, string>,
  first: ReadonlyMap<string, PostRecord>,
  posts: readonly SitePost[],
): CachedRecords {
  const fingerprints = new Map(posts.map((post) => [post.digest, post.fingerprint]));
  return {
    get(digest) {
      const record = first.get(digest);
      if (record) return record;
      const [fingerprint, cover] = [fingerprints.get(digest), covers.get(digest)];
      // A fingerprint is the start of a page key, which is what `PostContent` compares.
      return fingerprint === undefined || cover === undefined ? undefined : [fingerprint, cover];
    },
    settled: () => false,
  };
}

/** The build an append starts from: its manifest's files and keys, and the first segment's pages. */
class AppendedFrom implements EarlierBuild {
  constructor(
    private readonly manifest: SiteManifest,
    private readonly journal: BuildJournal,
    private readonly first: ReadonlyMap<string, PostRecord>,
  ) {}

  keyOf(file: PlannedFile): string | undefined {
    return file.postDigest === undefined
      ? this.manifest.files.get(file.path)
      : this.first.get(file.postDigest)?.[0];
  }

  get files(): EarlierFiles {
    // An append deletes no post page: every earlier post is still on the site.
    return { paths: this.manifest.files.keys(), postDigests: new Map<string, unknown>() };
  }

  async recordNewFiles(files: readonly PlannedFile[]): Promise<void> {
    await this.journal.record(
      files.filter((file) => this.keyOf(file) === undefined).map((file) => file.path),
    );
  }
}

/** The posts the head's lists hold as read. */
function headPosts(head: SiteHead): SitePost[] {
  return head.lists.flatMap((list) => list.posts ?? []);
}
