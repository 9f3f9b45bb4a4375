import { InternalError } from '../core/errors.js';
import type { BuildContext } from './build-context.js';
import { placeholderTone } from './pages/list-page.js';
import type { ContentPool } from './content-pool.js';
import type { PlannedFile } from './output-writer.js';
import type { ManifestSearchBlock } from './site-manifest.js';
import { holdEvery, type HeldPosts } from './held-posts.js';
import type { SitePost } from './site-posts.js';
import { SearchIndexError } from './site-errors.js';
import {
  buildSearchMeta,
  layoutSearchBlocks,
  type BuiltSearchBlock,
  type SearchBlockFiles,
  type SearchBlockLayout,
  type SearchDoc,
} from './search/search-index.js';

// Enough article text to find a post by what it is about, bounded so 100,000 posts stay small.
const INDEXED_TEXT_LENGTH = 1_000;
// The article text a result may show a snippet of: a match further in shows the opening instead.
const SNIPPET_LENGTH = 140;

/** The planned index files, the entry file's path, and the blocks to remember in the manifest. */
export interface SearchPlan {
  files: PlannedFile[];
  metaPath: string;
  blocks: Record<string, ManifestSearchBlock>;
}

/** The search index between its two phases: which posts' text it needs, then the plan. */
export interface SearchPlanner {
  /** Posts of the blocks that must be rebuilt; their text must be loaded before `finish`. */
  stalePosts: SitePost[];
  /** Builds the stale blocks on `pool`, so the caller may render other files meanwhile. */
  finish(pool: ContentPool): Promise<SearchPlan>;
}

/**
 * Plans the search index over posts in chronological order. A block whose posts did not change
 * keeps its files from the previous build without being rebuilt; file names carry content hashes,
 * so the name itself is the key.
 */
export function planSearch(
  context: BuildContext,
  previous: Record<string, ManifestSearchBlock>,
  held: HeldPosts = holdEvery(context.posts),
  earlierCount = 0,
): SearchPlanner | null {
  // A block the build does not hold the posts of is the earlier build's when it lists the same
  // posts: laid out alike, and all of them there before (an append adds posts at the end).
  const earlier = new Map(layoutSearchBlocks(earlierCount).map((layout) => [layout.start, layout]));
  const blocks: PlannedBlock[] = [];
  for (const layout of layoutSearchBlocks(held.count)) {
    const reused = previous[String(layout.start)];
    const posts = heldRange(held, layout.start, layout.start + layout.size);
    if (!posts) {
      const before = earlier.get(layout.start);
      const same = before?.size === layout.size && before.buckets === layout.buckets;
      if (!same || !reused) return null;
      blocks.push({ layout, posts: [], key: reused.key, reused });
      continue;
    }
    const key = context.key(
      'search',
      layout.start,
      layout.size,
      layout.buckets,
      ...posts.map((p) => p.fingerprint),
    );
    blocks.push({ layout, posts, key, reused: reused?.key === key ? reused : undefined });
  }
  return {
    stalePosts: blocks.flatMap((block) => (block.reused ? [] : block.posts)),
    finish: (pool) => finishSearch(context, pool, blocks),
  };
}

/** One block of the index as planned: its posts, key, and the earlier build's files when reused. */
interface PlannedBlock {
  layout: SearchBlockLayout;
  posts: SitePost[];
  key: string;
  reused: ManifestSearchBlock | undefined;
}

/** The held posts from `start` to `end` (oldest first), or null when one is not held. */
function heldRange(held: HeldPosts, start: number, end: number): SitePost[] | null {
  const posts: SitePost[] = [];
  for (let index = start; index < end; index++) {
    const post = held.at(index);
    if (!post) return null;
    posts.push(post);
  }
  return posts;
}

async function finishSearch(
  context: BuildContext,
  pool: ContentPool,
  blocks: readonly PlannedBlock[],
): Promise<SearchPlan> {
  const built = await Promise.all(
    blocks.map(({ layout, posts, reused }) => {
      if (reused) return null;
      const docs: SearchDoc[] = posts.map((post) => ({
        title: post.title,
        text: context.content.text(post, INDEXED_TEXT_LENGTH),
        path: post.path,
        day: context.dates.day(post.date),
        category: post.categories.join(' / '),
        top: post.categories[0],
        snippet: context.content.text(post, SNIPPET_LENGTH),
        cover: context.cover(post),
        tone: placeholderTone(post.categories[1]),
      }));
      return buildBlock(pool, layout, docs);
    }),
  );
  const files: PlannedFile[] = [];
  const manifestBlocks: Record<string, ManifestSearchBlock> = {};
  const metaBlocks: Array<{ layout: SearchBlockLayout; files: SearchBlockFiles }> = [];
  blocks.forEach(({ layout, key, reused }, index) => {
    let block = reused;
    const fresh = built[index];
    if (block) {
      for (const name of [...block.postings, ...block.docs])
        if (name) files.push({ path: name, key: name, render: unreachable });
    } else if (fresh) {
      for (const file of fresh.files)
        files.push({ path: file.name, key: file.name, render: () => file.content });
      block = { key, ...fresh.block };
    }
    if (!block) return;
    manifestBlocks[String(layout.start)] = block;
    metaBlocks.push({ layout, files: block });
  });
  const meta = buildSearchMeta(metaBlocks);
  files.push({ path: meta.name, key: meta.name, render: () => meta.content });
  return { files, metaPath: meta.name, blocks: manifestBlocks };
}

/** Builds one block on the pool; a failure names the block by its posts, counted from the oldest. */
async function buildBlock(
  pool: ContentPool,
  layout: SearchBlockLayout,
  docs: readonly SearchDoc[],
): Promise<BuiltSearchBlock> {
  try {
    return await pool.searchBlock(layout, docs);
  } catch (cause) {
    const posts = `${layout.start + 1}–${layout.start + layout.size}`;
    throw new SearchIndexError(`cannot build the search index block of posts ${posts}`, { cause });
  }
}

function unreachable(): string {
  // A reused block's files are planned under their previous key, so the writer never renders them.
  throw new InternalError('a search file of an unchanged block was rendered');
}
