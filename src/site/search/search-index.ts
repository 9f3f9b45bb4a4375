import { createHash } from 'node:crypto';
import { forEachIndexToken, indexTokenKey, indexTokenText, type IndexTokenKey } from './index-tokens.js';
import { searchBucketOf, titleUnigrams } from './search-tokens.js';

/** What the index knows of one post. */
export interface SearchDoc {
  title: string;
  /** Plain article text, already cut to a sane length. */
  text: string;
  /** Site path of the post page. */
  path: string;
  /** `YYYY-MM-DD` in the site's zone. */
  day: string;
  /** The category path as shown, e.g. `编程 / 掘金 / 热门`. */
  category: string;
}

/** Where one block of the index covers the chronological (oldest-first) list of posts. */
export interface SearchBlockLayout {
  start: number;
  size: number;
  /** How many term shards the block's postings are split into. */
  buckets: number;
}

/** The files of one block: term shards (null where no token hashed there) and document chunks. */
export interface SearchBlockFiles {
  postings: Array<string | null>;
  docs: string[];
}

/** A file the index consists of, named by its content hash so browsers may cache it forever. */
export interface SearchFile {
  name: string;
  content: string;
}

const LARGE_BLOCK = 10_000;
const LARGE_BUCKETS = 64;
const SMALL_BLOCK = 1_000;
const SMALL_BUCKETS = 8;
const DOC_CHUNK = 500;

/**
 * Cuts `count` chronologically ordered posts into index blocks: full blocks of 10,000 first, then
 * blocks of 1,000, the last one partial. The layout depends only on the count, and appending a post
 * changes only the newest block (a large block is written once, when ten small ones fill it), so an
 * incremental build rewrites a handful of shards. A query loads, per block, only the shards of its
 * tokens: at 100,000 posts that is at most ten large and nine small blocks.
 */
export function layoutSearchBlocks(count: number): SearchBlockLayout[] {
  const blocks: SearchBlockLayout[] = [];
  const large = Math.floor(count / LARGE_BLOCK);
  for (let i = 0; i < large; i++)
    blocks.push({ start: i * LARGE_BLOCK, size: LARGE_BLOCK, buckets: LARGE_BUCKETS });
  for (let start = large * LARGE_BLOCK; start < count; start += SMALL_BLOCK)
    blocks.push({ start, size: Math.min(SMALL_BLOCK, count - start), buckets: SMALL_BUCKETS });
  return blocks;
}

/** One block's files and what the manifest remembers of them. */
export interface BuiltSearchBlock {
  files: SearchFile[];
  block: SearchBlockFiles;
}

/**
 * Builds one block: per shard a JSON object from token to postings, each posting
 * `(gap << 1) | inTitle` over the block-local document number; and the documents in chunks.
 */
export function buildSearchBlock(layout: SearchBlockLayout, docs: readonly SearchDoc[]): BuiltSearchBlock {
  // One map entry per token: its postings, its last document and the document that last added it,
  // which dedupes a document's repeated tokens without a per-document set. Keys are numbers for
  // two-unit tokens (see forEachIndexToken), so bigrams cost no string each.
  const postings = new Map<IndexTokenKey, { list: number[]; last: number; doc: number }>();
  let local = 0;
  let inTitle = 0;
  const add = (key: IndexTokenKey): void => {
    let entry = postings.get(key);
    if (!entry) postings.set(key, (entry = { list: [], last: 0, doc: -1 }));
    if (entry.doc === local) return;
    entry.doc = local;
    entry.list.push(((local - entry.last) << 1) | inTitle);
    entry.last = local;
  };
  docs.forEach((doc, index) => {
    local = index;
    inTitle = 1;
    forEachIndexToken(doc.title, add);
    for (const token of titleUnigrams(doc.title)) add(indexTokenKey(token));
    inTitle = 0;
    forEachIndexToken(doc.text, add);
  });
  const shards: Array<Record<string, number[]>> = Array.from({ length: layout.buckets }, () => ({}));
  for (const [key, { list }] of postings) {
    const token = indexTokenText(key);
    const shard = shards[searchBucketOf(token, layout.buckets)];
    if (shard) shard[token] = list;
  }
  const files: SearchFile[] = [];
  const prefix = `search/${layout.start}`;
  const block: SearchBlockFiles = {
    postings: shards.map((shard, bucket) => {
      if (Object.keys(shard).length === 0) return null;
      return addFile(files, `${prefix}-t${bucket}`, JSON.stringify(shard));
    }),
    docs: [],
  };
  for (let offset = 0; offset < docs.length; offset += DOC_CHUNK) {
    const chunk = docs
      .slice(offset, offset + DOC_CHUNK)
      .map((doc) => [doc.title, doc.path, doc.day, doc.category]);
    block.docs.push(addFile(files, `${prefix}-d${offset / DOC_CHUNK}`, JSON.stringify(chunk)));
  }
  return { files, block };
}

/** The index's entry file, listing blocks newest first (the order results are shown in). */
export function buildSearchMeta(
  blocks: ReadonlyArray<{ layout: SearchBlockLayout; files: SearchBlockFiles }>,
): SearchFile {
  const entries = [...blocks].reverse().map(({ layout, files }) => ({
    size: layout.size,
    buckets: layout.buckets,
    chunk: DOC_CHUNK,
    postings: files.postings.map((name) => name && name.slice('search/'.length)),
    docs: files.docs.map((name) => name.slice('search/'.length)),
  }));
  const content = JSON.stringify({ version: 1, blocks: entries });
  return { name: `search/index.${contentHash(content)}.json`, content };
}

function addFile(files: SearchFile[], stem: string, content: string): string {
  const name = `${stem}.${contentHash(content)}.json`;
  files.push({ name, content });
  return name;
}

/** A short content hash for fingerprinted file names. */
export function contentHash(content: string): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 12);
}
