import { describe, expect, it } from 'vitest';
import { forEachIndexToken } from './index-tokens.js';
import { PostingTable } from './posting-table.js';
import { searchBucketOf, tokenizeSearchText } from './search-tokens.js';

/** The postings the table must produce, computed the plain way. */
function expectedShards(docs: readonly string[], buckets: number): Array<Record<string, number[]>> {
  const lists = new Map<string, { list: number[]; last: number }>();
  docs.forEach((text, doc) => {
    for (const token of new Set(tokenizeSearchText(text))) {
      let entry = lists.get(token);
      if (!entry) lists.set(token, (entry = { list: [], last: 0 }));
      entry.list.push((doc - entry.last) << 1);
      entry.last = doc;
    }
  });
  const shards: Array<Record<string, number[]>> = Array.from({ length: buckets }, () => ({}));
  for (const [token, { list }] of lists)
    (shards[searchBucketOf(token, buckets)] as Record<string, number[]>)[token] = list;
  return shards;
}

describe('PostingTable', () => {
  it('gives every token its gap-encoded documents, through many table growths', () => {
    // 3,000 documents of random ideographs: about 90,000 distinct bigrams, so the table grows often.
    let state = 7;
    const random = (): number => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const docs = Array.from({ length: 3_000 }, () => {
      let text = '';
      for (let i = 0; i < 40; i++) text += String.fromCharCode(0x4e00 + Math.floor(random() * 400));
      return `${text} word${Math.floor(random() * 50)} 了 ab`;
    });
    const table = new PostingTable();
    docs.forEach((text, doc) => {
      table.startDocument(doc, false);
      forEachIndexToken(text, table);
    });
    const shards = table
      .shardJson(8)
      .map((json) => (json ? (JSON.parse(json) as Record<string, number[]>) : {}));
    expect(shards).toEqual(expectedShards(docs, 8));
  });

  it('flags a document’s tokens by where they first appear, and leaves empty shards null', () => {
    const table = new PostingTable();
    table.startDocument(0, true);
    forEachIndexToken('镜像', table);
    table.startDocument(0, false);
    forEachIndexToken('镜像 仓库', table);
    table.startDocument(3, false);
    forEachIndexToken('镜像', table);
    const merged = Object.assign({}, ...table.shardJson(64).map((json) => (json ? JSON.parse(json) : {})));
    expect(merged).toEqual({ 镜像: [1, 6], 仓库: [0] });
    expect(table.shardJson(64).filter((json) => json === null).length).toBeGreaterThan(60);
  });
});
