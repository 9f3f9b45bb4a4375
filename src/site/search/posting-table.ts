import { hanKeyText, type IndexTokenSink } from './index-tokens.js';
import { searchBucketOf } from './search-tokens.js';

const INITIAL_SLOTS = 1 << 14;
const INITIAL_ENTRIES = 1 << 12;
const SLOT_WIDTH = 4;

/**
 * The postings of one index block as they are built: per token the documents holding it, each
 * posting `(gap << 1) | inTitle` over the block-local document number, a document counted once
 * per token (its first occurrence decides the title flag).
 *
 * CJK tokens, nearly all of a Chinese block's, come as small integer keys and live in an
 * open-addressing table of typed arrays: a JavaScript Map there spent most of a cold build's index
 * time hashing and allocating a heap number per token. Other tokens use a Map by text.
 */
export class PostingTable implements IndexTokenSink {
  // Per slot, side by side so that a lookup touches one cache line: the key + 1 (0 is empty), the
  // entry the key owns and the last document posted + 1. Linear probing, at most half full.
  private slots = new Int32Array(INITIAL_SLOTS * SLOT_WIDTH);
  private slotMask = INITIAL_SLOTS - 1;
  // Fibonacci hashing takes the product's high bits, which depend on every bit of the key.
  private slotShift = 32 - Math.log2(INITIAL_SLOTS);
  private hanCount = 0;
  private readonly words = new Map<string, number>();
  // Per entry: its token (a han key or the text), postings, and the last document posted (+1).
  private readonly tokens: Array<number | string> = [];
  private readonly lists: number[][] = [];
  private lastDocs = new Int32Array(INITIAL_ENTRIES);
  private document = 0;
  private inTitle = 0;

  /** Tokens passed from now on belong to block-local document `index`, in its title or not. */
  startDocument(index: number, inTitle: boolean): void {
    this.document = index;
    this.inTitle = inTitle ? 1 : 0;
  }

  han(key: number): void {
    const { slots } = this;
    let at = (Math.imul(key, 0x9e3779b1) >>> this.slotShift) * SLOT_WIDTH;
    for (;;) {
      const stored = slots[at] as number;
      if (stored === key + 1) break;
      if (stored === 0) {
        slots[at] = key + 1;
        slots[at + 1] = this.addEntry(key);
        break;
      }
      at = (at + SLOT_WIDTH) & (this.slotMask * SLOT_WIDTH);
    }
    const document = this.document + 1;
    const last = slots[at + 2] as number;
    if (last !== document) {
      slots[at + 2] = document;
      this.push(slots[at + 1] as number, last);
    }
    if (this.hanCount * 2 > this.slotMask) this.growSlots();
  }

  word(token: string): void {
    let entry = this.words.get(token);
    if (entry === undefined) this.words.set(token, (entry = this.addEntry(token)));
    this.post(entry);
  }

  /** The block's shards as JSON objects from token to postings; null where no token hashed. */
  shardJson(buckets: number): Array<string | null> {
    const shards: string[][] = Array.from({ length: buckets }, () => []);
    this.tokens.forEach((key, entry) => {
      const token = typeof key === 'number' ? hanKeyText(key) : key;
      // Common ideographs need no JSON escaping.
      const name = typeof key === 'number' ? `"${token}"` : JSON.stringify(token);
      shards[searchBucketOf(token, buckets)]?.push(`${name}:[${(this.lists[entry] as number[]).join(',')}]`);
    });
    return shards.map((members) => (members.length === 0 ? null : `{${members.join(',')}}`));
  }

  private post(entry: number): void {
    const last = this.lastDocs[entry] as number;
    if (last === this.document + 1) return;
    this.lastDocs[entry] = this.document + 1;
    this.push(entry, last);
  }

  /** Appends the current document to an entry whose last document (+ 1) was `last`. */
  private push(entry: number, last: number): void {
    // The first posting's gap is from document 0, as a decoder starting at 0 expects.
    const gap = last === 0 ? this.document : this.document + 1 - last;
    (this.lists[entry] as number[]).push((gap << 1) | this.inTitle);
  }

  private addEntry(token: number | string): number {
    const entry = this.tokens.length;
    if (typeof token === 'number') this.hanCount++;
    this.tokens.push(token);
    this.lists.push([]);
    if (entry >= this.lastDocs.length) {
      const grown = new Int32Array(this.lastDocs.length * 2);
      grown.set(this.lastDocs);
      this.lastDocs = grown;
    }
    return entry;
  }

  private growSlots(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    this.slots = slots;
    this.slotMask = this.slotMask * 2 + 1;
    this.slotShift--;
    for (let from = 0; from < old.length; from += SLOT_WIDTH) {
      const stored = old[from] as number;
      if (stored === 0) continue;
      let at = (Math.imul(stored - 1, 0x9e3779b1) >>> this.slotShift) * SLOT_WIDTH;
      while (slots[at] !== 0) at = (at + SLOT_WIDTH) & (this.slotMask * SLOT_WIDTH);
      slots.set(old.subarray(from, from + SLOT_WIDTH), at);
    }
  }
}
