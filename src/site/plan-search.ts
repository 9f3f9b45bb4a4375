import type { BuildContext } from './build-context.js';
import type { PlannedFile } from './output-writer.js';
import type { ManifestSearchBlock } from './site-manifest.js';
import { postPlainText } from './site-posts.js';
import {
  buildSearchBlock,
  buildSearchMeta,
  layoutSearchBlocks,
  type SearchBlockFiles,
  type SearchBlockLayout,
} from './search/search-index.js';

// Enough article text to find a post by what it is about, bounded so 100,000 posts stay small.
const INDEXED_TEXT_LENGTH = 1_000;

/** The planned index files, the entry file's path, and the blocks to remember in the manifest. */
export interface SearchPlan {
  files: PlannedFile[];
  metaPath: string;
  blocks: Record<string, ManifestSearchBlock>;
}

/**
 * Plans the search index over posts in chronological order. A block whose posts did not change
 * keeps its files from the previous build without being rebuilt; file names carry content hashes,
 * so the name itself is the key.
 */
export function planSearch(context: BuildContext, previous: Record<string, ManifestSearchBlock>): SearchPlan {
  const chronological = [...context.posts].reverse();
  const files: PlannedFile[] = [];
  const blocks: Record<string, ManifestSearchBlock> = {};
  const metaBlocks: Array<{ layout: SearchBlockLayout; files: SearchBlockFiles }> = [];
  for (const layout of layoutSearchBlocks(chronological.length)) {
    const posts = chronological.slice(layout.start, layout.start + layout.size);
    const key = context.key(
      'search',
      layout.start,
      layout.size,
      layout.buckets,
      ...posts.map((p) => p.fingerprint),
    );
    let block = previous[String(layout.start)];
    if (block?.key === key) {
      for (const name of [...block.postings, ...block.docs])
        if (name) files.push({ path: name, key: name, render: unreachable });
    } else {
      const docs = posts.map((post) => ({
        title: post.title,
        text: postPlainText(post, INDEXED_TEXT_LENGTH),
        path: post.path,
        day: context.dates.day(post.date),
        category: post.categories.join(' / '),
      }));
      const built = buildSearchBlock(layout, docs);
      for (const file of built.files)
        files.push({ path: file.name, key: file.name, render: () => file.content });
      block = { key, ...built.block };
    }
    blocks[String(layout.start)] = block;
    metaBlocks.push({ layout, files: block });
  }
  const meta = buildSearchMeta(metaBlocks);
  files.push({ path: meta.name, key: meta.name, render: () => meta.content });
  return { files, metaPath: meta.name, blocks };
}

function unreachable(): string {
  // A reused block's files are planned under their previous key, so the writer never renders them.
  throw new Error('a search file of an unchanged block was rendered');
}
