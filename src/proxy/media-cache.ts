import type { FetchedMedia } from './image-fetch.js';

/** A cached, checked media file and when it was stored (ms since the epoch). */
export interface CachedMedia extends FetchedMedia {
  storedAt: number;
}

/** Where the proxy keeps fetched media; keys are upstream URLs. */
export interface MediaCache {
  get(key: string): Promise<CachedMedia | null> | CachedMedia | null;
  put(key: string, media: CachedMedia): Promise<void> | void;
  /** Bytes currently held. */
  readonly size: number;
  /** Bytes of them held in memory, when that is not all of them (a disk cache's hot copy). */
  readonly memorySize?: number;
}

/** An in-memory LRU cache bounded by total body bytes. */
export class MemoryMediaCache implements MediaCache {
  // A Map iterates in insertion order, so re-inserting on every hit keeps the oldest entry first.
  readonly #entries = new Map<string, CachedMedia>();
  #size = 0;

  constructor(
    readonly maxBytes: number,
    readonly onEvict: (key: string) => void = () => undefined,
  ) {}

  get size(): number {
    return this.#size;
  }

  get(key: string): CachedMedia | null {
    const entry = this.#entries.get(key);
    if (!entry) return null;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  put(key: string, media: CachedMedia): void {
    this.delete(key);
    if (media.body.byteLength > this.maxBytes) return;
    this.#entries.set(key, media);
    this.#size += media.body.byteLength;
    for (const [oldest, entry] of this.#entries) {
      if (this.#size <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#size -= entry.body.byteLength;
      this.onEvict(oldest);
    }
  }

  /** Removes one entry, if present. */
  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#size -= entry.body.byteLength;
  }
}
