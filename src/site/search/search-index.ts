import { createHash } from 'node:crypto';
import { categoryToken } from './search-tokens.js';
import { forEachIndexToken, forEachTitleUnigram } from './index-tokens.js';
import { PostingTable } from './posting-table.js';

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
  /** The top category, which a search may be limited to. */
  top: string;
  /** The opening of the article, for the result's snippet when the match is in it. */
  snippet: string;
  /** The post's picture for the result's thumbnail; null shows the source's placeholder. */
  cover: string | null;
  /** The source's placeholder colour (`placeholderTone`). */
  tone: number;
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
// Documents per chunk file: a result loads its chunk, which with snippets and covers is about 80 KB.
const DOC_CHUNK = 100;

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

/**
 * How many of `count` posts an append's newest block indexes again with its own: the posts of the
 * newest block while it is not full (a full one stays, and the append starts the next).
 */
export function postsOfOpenBlock(count: number): number {
  const last = layoutSearchBlocks(count).at(-1);
  return last && last.size < SMALL_BLOCK ? last.size : 0;
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
  const table = new PostingTable();
  docs.forEach((doc, index) => {
    table.startDocument(index, true);
    forEachIndexToken(doc.title, table);
    forEachTitleUnigram(doc.title, table);
    table.startDocument(index, false);
    forEachIndexToken(doc.text, table);
    table.word(categoryToken(doc.top));
  });
  const files: SearchFile[] = [];
  const prefix = `search/${layout.start}`;
  const block: SearchBlockFiles = {
    postings: table
      .shardJson(layout.buckets)
      .map((json, bucket) => json && addFile(files, `${prefix}-t${bucket}`, json)),
    docs: [],
  };
  for (let offset = 0; offset < docs.length; offset += DOC_CHUNK) {
    const chunk = docs
      .slice(offset, offset + DOC_CHUNK)
      .map((doc) => [doc.title, doc.path, doc.day, doc.category, doc.snippet, doc.cover, doc.tone]);
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
