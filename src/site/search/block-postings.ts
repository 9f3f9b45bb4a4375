import { searchBucketOf } from './search-tokens.js';

/**
 * The postings of one index block as they are built: per token the documents holding it, each
 * posting `(document << 1) | inTitle` over the block-local document number, a document counted
 * once per token (its first occurrence decides the title flag).
 */
export class BlockPostings {
  // Token → its postings in document order, and the last document posted. A Map keeps tokens in
  // the order they first came, so equal posts give equal shards.
  private readonly entries = new Map<string, { postings: number[]; last: number }>();

  /** Posts `tokens` for block-local document `document`, found in its title or not. */
  add(tokens: readonly string[], document: number, inTitle: boolean): void {
    const flag = inTitle ? 1 : 0;
    for (const token of tokens) {
      let entry = this.entries.get(token);
      if (entry === undefined) this.entries.set(token, (entry = { postings: [], last: -1 }));
      if (entry.last === document) continue;
      entry.last = document;
      entry.postings.push((document << 1) | flag);
    }
  }

  /**
   * The block's shards as JSON objects from token to postings, each posting `(gap << 1) | inTitle`
   * (the gap from the token's previous document); null where no token hashed.
   */
  shardJson(buckets: number): Array<string | null> {
    const shards = Array.from({ length: buckets }, (): string[] => []);
    for (const [token, { postings }] of this.entries) {
      let previous = 0;
      const gaps = postings.map((posting) => {
        const document = posting >> 1;
        const gap = ((document - previous) << 1) | (posting & 1);
        previous = document;
        return gap;
      });
      (shards[searchBucketOf(token, buckets)] as string[]).push(
        `${JSON.stringify(token)}:[${gaps.join(',')}]`,
      );
    }
    return shards.map((members) => (members.length === 0 ? null : `{${members.join(',')}}`));
  }
}
