/**
 * Search index benchmark: newsmill's chunked index against MiniSearch, the library a user would
 * otherwise pick, on the same documents and the same CJK bigram tokens. It reports, per corpus
 * size, the time to build the index files, their total size (raw and gzipped), and what a browser
 * loads and parses to show the first page of results for a query: newsmill fetches the entry file,
 * the term shards of the query's tokens and the document chunks of the hits; MiniSearch has to
 * load its whole serialized index.
 *
 *   npm run bench -- search
 *   SEARCH_BENCH_SIZES=5000,20000 SEARCH_BENCH_MINISEARCH_MAX=5000 npm run bench -- search
 *
 * MiniSearch needs minutes and gigabytes past a few thousand long CJK documents, so it is left out
 * above SEARCH_BENCH_MINISEARCH_MAX documents (default 20,000); give Node a larger heap for it with
 * NODE_OPTIONS=--max-old-space-size=16384.
 */
import { gzipSync } from 'node:zlib';
import MiniSearch from 'minisearch';
import {
  buildSearchBlock,
  buildSearchMeta,
  layoutSearchBlocks,
  type SearchBlockFiles,
  type SearchDoc,
} from '../src/site/search/search-index.js';
import { searchBucketOf, tokenizeSearchText } from '../src/site/search/search-tokens.js';
import { alternate, conditionsNote, formatSpread, roundsFor, spreadOf } from './protocol.js';

const INDEXED_TEXT_LENGTH = 1000;
const RESULTS_PER_PAGE = 20;

/** A tiny deterministic PRNG, so every run benchmarks the same corpus. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * Chinese-like text with a realistic vocabulary: 3,500 characters and a 40,000-word lexicon, both
 * Zipf-distributed, so that the index holds as many distinct bigrams as a real news archive (a
 * corpus of a few repeated sentences would flatter every index).
 */
function createCorpus(count: number): SearchDoc[] {
  const next = random(42);
  const zipf = (size: number): number => Math.floor(size ** next()) - 1;
  const character = (): string => String.fromCharCode(0x4e00 + zipf(3_500) * 5);
  const lexicon = Array.from({ length: 40_000 }, (_, i) =>
    i % 50 === 0
      ? ['Kubernetes', 'Rust', 'iPhone', 'AI', 'GPU', '5G', 'Linux', 'Python'][i % 8]
      : Array.from({ length: 1 + Math.floor(next() * next() * 4) }, character).join(''),
  );
  const sentence = (words: number): string =>
    Array.from({ length: words }, () => lexicon[zipf(lexicon.length)]).join('') + '。';
  return Array.from({ length: count }, (_, n) => {
    let text = '';
    while (text.length < INDEXED_TEXT_LENGTH) text += sentence(6 + Math.floor(next() * 20));
    return {
      title: sentence(4 + Math.floor(next() * 6)).slice(0, 30),
      text: text.slice(0, INDEXED_TEXT_LENGTH),
      path: `posts/${n.toString(16).padStart(12, '0')}.html`,
      day: '2024-05-01',
      category: '科技 / 36kr / 资讯',
      top: '科技',
      snippet: text.slice(0, 140),
      cover: n % 3 === 0 ? null : `https://img.example.cn/i/${n.toString(36)}.jpg`,
      tone: n % 8,
    };
  });
}

/** The first run of `length` CJK characters in `text` from `from`: a query that must find `text`. */
function hanRun(text: string, from: number, length: number): string {
  const match = new RegExp(`\\p{Script=Han}{${length}}`, 'u').exec(text.slice(from));
  if (!match) throw new Error(`no ${length} CJK characters in a row after ${from} of ${text}`);
  return match[0];
}

interface BuiltIndex {
  files: Map<string, string>;
  ms: number;
}

function buildNewsmill(docs: readonly SearchDoc[]): BuiltIndex & { meta: string } {
  const start = performance.now();
  const files = new Map<string, string>();
  const blocks: Array<{ layout: ReturnType<typeof layoutSearchBlocks>[number]; files: SearchBlockFiles }> =
    [];
  for (const layout of layoutSearchBlocks(docs.length)) {
    const built = buildSearchBlock(layout, docs.slice(layout.start, layout.start + layout.size));
    for (const file of built.files) files.set(file.name, file.content);
    blocks.push({ layout, files: built.block });
  }
  const meta = buildSearchMeta(blocks);
  files.set(meta.name, meta.content);
  return { files, meta: meta.name, ms: performance.now() - start };
}

const miniSearchOptions = {
  fields: ['title', 'text'],
  storeFields: ['title', 'path', 'day', 'category'],
  tokenize: tokenizeSearchText,
  processTerm: (term: string) => term,
  searchOptions: { combineWith: 'AND' as const },
};

function buildMiniSearch(docs: readonly SearchDoc[]): BuiltIndex {
  const start = performance.now();
  const index = new MiniSearch<SearchDoc & { id: number }>(miniSearchOptions);
  index.addAll(docs.map((doc, id) => ({ ...doc, id })));
  const json = JSON.stringify(index);
  return { files: new Map([['index.json', json]]), ms: performance.now() - start };
}

interface QueryCost {
  bytes: number;
  gzipBytes: number;
  hits: number;
  ms: number;
}

/** What newsmill's search page loads and parses for the first page of results (see search-script.ts). */
function newsmillQuery(index: ReturnType<typeof buildNewsmill>, query: string): QueryCost {
  const loaded = new Set<string>();
  const start = performance.now();
  const parsed = new Map<string, unknown>();
  const load = (name: string): unknown => {
    loaded.add(name);
    let value = parsed.get(name);
    if (value === undefined) parsed.set(name, (value = JSON.parse(index.files.get(name) ?? 'null')));
    return value;
  };
  type Block = { buckets: number; chunk: number; postings: Array<string | null>; docs: string[] };
  const meta = load(index.meta) as { blocks: Block[] };
  const tokens = [...new Set(tokenizeSearchText(query))];
  let hits = 0;
  for (const block of meta.blocks) {
    if (hits >= RESULTS_PER_PAGE) break;
    const lists = tokens.map((token) => {
      const file = block.postings[searchBucketOf(token, block.buckets)];
      const shard = file ? (load(`search/${file}`) as Record<string, number[]>) : {};
      const docs = new Set<number>();
      let doc = 0;
      for (const value of Object.hasOwn(shard, token) ? (shard[token] ?? []) : [])
        docs.add((doc += value >> 1));
      return docs;
    });
    lists.sort((a, b) => a.size - b.size);
    const matches = [...(lists[0] ?? [])].filter((doc) => lists.every((list) => list.has(doc)));
    for (const doc of matches.slice(0, RESULTS_PER_PAGE - hits))
      load(`search/${block.docs[Math.floor(doc / block.chunk)]}`);
    hits += matches.length;
  }
  const ms = performance.now() - start;
  return { ...sizeOf(index.files, loaded), hits, ms };
}

function miniSearchQuery(index: BuiltIndex, query: string): QueryCost {
  const start = performance.now();
  const loaded = MiniSearch.loadJSON(index.files.get('index.json') ?? '', miniSearchOptions);
  const hits = loaded.search(query).length;
  const ms = performance.now() - start;
  return { ...sizeOf(index.files, index.files.keys()), hits, ms };
}

function sizeOf(files: Map<string, string>, names: Iterable<string>): { bytes: number; gzipBytes: number } {
  let bytes = 0;
  let gzipBytes = 0;
  for (const name of names) {
    const content = Buffer.from(files.get(name) ?? '');
    bytes += content.length;
    gzipBytes += gzipSync(content).length;
  }
  return { bytes, gzipBytes };
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;
const median = (values: number[]): number => spreadOf(values).median;

export default async function searchBench(): Promise<void> {
  const sizes = (process.env.SEARCH_BENCH_SIZES ?? '5000,20000,100000').split(',').map(Number);
  const miniSearchMax = Number(process.env.SEARCH_BENCH_MINISEARCH_MAX ?? 20_000);
  console.log(
    `search${conditionsNote()}: builds in ${roundsFor(3)} alternating rounds, median (lowest–highest)\n`,
  );
  console.log(
    '| docs | index | build | files | total | gzipped | first query loads (gzipped) | first query time |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const size of sizes) {
    const docs = createCorpus(size);
    // Queries: a frequent and a rarer two-character word, a three-character word and a phrase.
    const queries = [
      hanRun(docs[0]?.title ?? '', 0, 2),
      hanRun(docs[7]?.text ?? '', 40, 2),
      hanRun(docs[3]?.title ?? '', 2, 3),
      hanRun(docs[11]?.text ?? '', 100, 6),
    ];
    const contenders = [
      { name: 'newsmill', build: () => buildNewsmill(docs), query: newsmillQuery },
      { name: 'MiniSearch 7.2', build: () => buildMiniSearch(docs), query: miniSearchQuery },
    ].filter((contender) => contender.name === 'newsmill' || size <= miniSearchMax);
    const rounds = roundsFor(3);
    const builds = await alternate(
      contenders.map((contender) => ({ name: contender.name, run: () => contender.build() })),
      rounds,
    );
    const rows = contenders.map((contender, position) => {
      const runs = builds[position] ?? [];
      const index = runs.at(-1) as BuiltIndex;
      const costs = queries.map((query) =>
        (contender.query as (i: BuiltIndex, q: string) => QueryCost)(index, query),
      );
      return { name: contender.name, build: spreadOf(runs.map((run) => run.ms / 1000)), index, costs };
    });
    const base = rows[0];
    for (const row of rows) {
      const total = sizeOf(row.index.files, row.index.files.keys());
      const loads = median(row.costs.map((cost) => cost.gzipBytes));
      const queryMs = median(row.costs.map((cost) => cost.ms));
      const ratio = base ? ` (${(row.build.median / base.build.median).toFixed(1)}×)` : '';
      console.log(
        `| ${size.toLocaleString('en-US')} | ${row.name} | ${formatSpread(row.build, 2, 's')}${ratio} | ${row.index.files.size} | ${mb(total.bytes)} | ${mb(total.gzipBytes)} | ${mb(median(row.costs.map((c) => c.bytes)))} (${mb(loads)}) | ${queryMs.toFixed(0)} ms |`,
      );
    }
    const hits = rows.map((row) => row.costs.map((cost) => cost.hits).join('/'));
    console.log(
      `hits per query (newsmill counts blocks until ${RESULTS_PER_PAGE} are found): ${hits.join(' vs ')}`,
    );
  }
}
