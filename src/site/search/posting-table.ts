import { hanKeyText, type IndexTokenSink } from './index-tokens.js';
import { searchBucketOf } from './search-tokens.js';

const INITIAL_SLOTS = 1 << 14;
const INITIAL_ENTRIES = 1 << 12;
const SLOT_WIDTH = 4;
const INITIAL_POSTINGS = 1 << 16;

/**
 * The postings of one index block as they are built: per token the documents holding it, each
 * posting `(gap << 1) | inTitle` over the block-local document number, a document counted once
 * per token (its first occurrence decides the title flag).
 *
 * CJK tokens, nearly all of a Chinese block's, come as small integer keys and live in an
 * open-addressing table of typed arrays: a JavaScript Map there spent most of a cold build's index
 * time hashing and allocating a heap number per token. Other tokens use a Map by text. Postings
 * are appended to one typed-array log of (entry, document) pairs and grouped by entry at the end:
 * with a realistic vocabulary a 10,000-document block holds half a million distinct tokens, and an
 * array each made garbage collection a quarter of the block's time (the block took 1.4 s, now 0.8 s).
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
  // Per entry: its token (a han key or the text), and for words the last document posted (+1).
  private readonly tokens: Array<number | string> = [];
  private lastDocs = new Int32Array(INITIAL_ENTRIES);
  // The postings in the order they came: entry, and `(document << 1) | inTitle`.
  private logEntries = new Int32Array(INITIAL_POSTINGS);
  private logValues = new Int32Array(INITIAL_POSTINGS);
  private logLength = 0;
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
      this.push(slots[at + 1] as number);
    }
    if (this.hanCount * 2 > this.slotMask) this.growSlots();
  }

  word(token: string): void {
    let entry = this.words.get(token);
    if (entry === undefined) this.words.set(token, (entry = this.addEntry(token)));
    this.post(entry);
  }

  /**
   * The block's shards as JSON objects from token to postings, each posting `(gap << 1) | inTitle`;
   * null where no token hashed.
   */
  shardJson(buckets: number): Array<string | null> {
    const { tokens, logEntries, logValues, logLength } = this;
    // Group the log by entry (a counting sort, stable, so each entry's documents stay in order).
    const starts = new Int32Array(tokens.length + 1);
    for (let i = 0; i < logLength; i++) {
      const next = (logEntries[i] as number) + 1;
      starts[next] = (starts[next] as number) + 1;
    }
    for (let entry = 0; entry < tokens.length; entry++)
      starts[entry + 1] = (starts[entry + 1] as number) + (starts[entry] as number);
    const filled = starts.slice(0, tokens.length);
    const grouped = new Int32Array(logLength);
    for (let i = 0; i < logLength; i++) {
      const entry = logEntries[i] as number;
      const at = filled[entry] as number;
      grouped[at] = logValues[i] as number;
      filled[entry] = at + 1;
    }
    // Each shard's members, `"token":[posting,…]`.
    const shards = Array.from({ length: buckets }, (): string[] => []);
    // A loop, not a forEach callback: the callback's inner loop got on-stack-replaced code that
    // deoptimized on entering it for every string token after numeric ones (about 1,500 deopts in
    // a cold 20,000-post build, seen with --trace-deopt).
    for (let entry = 0; entry < tokens.length; entry++) {
      const key = tokens[entry] as number | string;
      const token = typeof key === 'number' ? hanKeyText(key) : key;
      const postings: number[] = [];
      let previous = 0;
      for (let at = starts[entry] as number; at < (starts[entry + 1] as number); at++) {
        const value = grouped[at] as number;
        const document = value >> 1;
        postings.push(((document - previous) << 1) | (value & 1));
        previous = document;
      }
      // Common ideographs need no JSON escaping.
      const quoted = typeof key === 'number' ? `"${token}"` : JSON.stringify(token);
      (shards[searchBucketOf(token, buckets)] as string[]).push(`${quoted}:[${postings.join(',')}]`);
    }
    return shards.map((members) => (members.length === 0 ? null : `{${members.join(',')}}`));
  }

  private post(entry: number): void {
    const last = this.lastDocs[entry] as number;
    if (last === this.document + 1) return;
    this.lastDocs[entry] = this.document + 1;
    this.push(entry);
  }

  /** Logs the current document as a posting of `entry`. */
  private push(entry: number): void {
    if (this.logLength === this.logEntries.length) {
      this.logEntries = grown(this.logEntries);
      this.logValues = grown(this.logValues);
    }
    this.logEntries[this.logLength] = entry;
    this.logValues[this.logLength++] = (this.document << 1) | this.inTitle;
  }

  private addEntry(token: number | string): number {
    const entry = this.tokens.length;
    if (typeof token === 'number') this.hanCount++;
    this.tokens.push(token);
    if (entry >= this.lastDocs.length) this.lastDocs = grown(this.lastDocs);
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

function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}
