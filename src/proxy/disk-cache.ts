import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MemoryMediaCache, type CachedMedia, type MediaCache } from './media-cache.js';
import { mediaEtag } from './media-etag.js';

/** Options of the on-disk cache. */
export interface DiskCacheOptions {
  dir: string;
  /** Upper bound of the bytes on disk; least recently used files are deleted past it. */
  maxBytes: number;
  /** Upper bound of the hot copy kept in memory, so cached hits skip the disk. */
  memoryBytes: number;
  /** Told about failed background writes (a full disk must not fail the request that was served). */
  onError?: (error: unknown) => void;
}

// NMC2 files hold the proxy's own ETag (`mediaEtag`, media-etag.ts); NMC1 files, of earlier versions, the upstream's,
// which is recomputed when such a file is read, so that no file needs fetching again.
const magic = 'NMC2';
const formerMagic = 'NMC1';

interface FileHeader {
  key: string;
  contentType: string;
  etag: string | null;
  lastModified: string | null;
  storedAt: number;
  length: number;
}

/** Bytes of writes that may wait for room at once; past it a write is skipped (the hot copy still serves). */
const maxQueuedBytes = 64 * 1024 * 1024;

/**
 * A disk cache with LRU eviction under a byte bound. Each entry is one file written to a temporary
 * name and renamed into place, so a crash leaves either the old state or the complete new file.
 *
 * The bound covers every file in the folder at every moment, not only after each write settles: a
 * write reserves its bytes before its `.tmp` file is created, evicting (and waiting for the deletes)
 * until they fit, and a deleted file counts until its unlink returns. Admissions run one at a time, in
 * order, so a newcomer never takes the room an earlier write is evicting for (which could starve it).
 */
export class DiskMediaCache implements MediaCache {
  // Insertion-ordered like MemoryMediaCache: the first key is the least recently used.
  readonly #index = new Map<string, number>();
  readonly #hot: MemoryMediaCache;
  readonly #writes = new Set<Promise<void>>();
  /** Names with a write under way, never evicted meanwhile: an unlink racing the rename would delete the new file. */
  readonly #writing = new Map<string, number>();
  /** Woken whenever reserved bytes are released, for an admission waiting on writes in flight. */
  #waiters: (() => void)[] = [];
  #admission: Promise<unknown> = Promise.resolve();
  /** Bytes of the indexed `.bin` files. */
  #size = 0;
  /** Bytes on disk outside the index: `.tmp` files being written (at full size) and files being deleted. */
  #reserved = 0;
  /** Bytes of writes waiting for admission, held in memory. */
  #queued = 0;

  private constructor(readonly options: DiskCacheOptions) {
    this.#hot = new MemoryMediaCache(options.memoryBytes);
  }

  /** Opens (creating if needed) a cache folder, dropping leftovers of interrupted writes. */
  static async open(options: DiskCacheOptions): Promise<DiskMediaCache> {
    const cache = new DiskMediaCache(options);
    await mkdir(options.dir, { recursive: true });
    const files = await readdir(options.dir);
    const found: { key: string; size: number; mtime: number }[] = [];
    for (const file of files) {
      const full = path.join(options.dir, file);
      // One process owns the folder, so a `.tmp` present before it starts belongs to a write that died.
      if (file.endsWith('.tmp')) await unlink(full).catch(() => undefined);
      if (!file.endsWith('.bin')) continue;
      const info = await stat(full).catch(() => null);
      if (info) found.push({ key: file.slice(0, -4), size: info.size, mtime: info.mtimeMs });
    }
    for (const entry of found.sort((a, b) => a.mtime - b.mtime)) cache.#remember(entry.key, entry.size);
    await cache.#admit(0);
    return cache;
  }

  /** Bytes of the complete files on disk. */
  get size(): number {
    return this.#size;
  }

  /** Bytes of the hot copy held in memory. */
  get memorySize(): number {
    return this.#hot.size;
  }

  async get(key: string): Promise<CachedMedia | null> {
    const name = fileName(key);
    const size = this.#index.get(name);
    if (size !== undefined) this.#remember(name, size);
    // The hot copy may be ahead of the disk while its write is still under way.
    const hot = this.#hot.get(key);
    if (hot || size === undefined) return hot;
    try {
      const media = decode(await readFile(this.#path(name)), key);
      if (media) this.#hot.put(key, media);
      else await this.#drop(name);
      return media;
    } catch {
      await this.#drop(name);
      return null;
    }
  }

  /** Keeps the media in memory at once and writes it to disk in the background (see `flush`). */
  put(key: string, media: CachedMedia): void {
    this.#hot.put(key, media);
    const write = this.#write(key, media).finally(() => this.#writes.delete(write));
    this.#writes.add(write);
  }

  /** Waits until every background write has reached the disk (or failed). */
  async flush(): Promise<void> {
    await Promise.all([...this.#writes]);
  }

  async #write(key: string, media: CachedMedia): Promise<void> {
    const name = fileName(key);
    const bytes = encode(key, media);
    const need = bytes.byteLength;
    if (need > this.options.maxBytes || this.#queued + need > maxQueuedBytes) return;
    this.#queued += need;
    const admission = this.#admission.then(() => this.#admit(need));
    this.#admission = admission;
    await admission;
    this.#queued -= need;
    this.#writing.set(name, (this.#writing.get(name) ?? 0) + 1);
    const temporary = this.#path(`${name}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(temporary, bytes);
      await rename(temporary, this.#path(`${name}.bin`));
      // In the same tick as the release below: the renamed bytes move from reserved to indexed.
      this.#remember(name, need);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      this.options.onError?.(error);
    } finally {
      const writers = (this.#writing.get(name) ?? 1) - 1;
      if (writers > 0) this.#writing.set(name, writers);
      else this.#writing.delete(name);
      this.#release(need);
    }
  }

  /** Evicts until `need` more bytes fit under the bound, then reserves them. */
  async #admit(need: number): Promise<void> {
    for (;;) {
      let excess = this.#size + this.#reserved + need - this.options.maxBytes;
      if (excess <= 0) break;
      // All the deletes that make room start together: one unlink round trip, not one per file.
      const drops: Promise<void>[] = [];
      for (const [name, size] of this.#index) {
        if (excess <= 0) break;
        if (this.#writing.has(name)) continue;
        excess -= size;
        drops.push(this.#drop(name));
      }
      // Only writes in flight hold the room: the next one to finish frees some or becomes evictable.
      if (drops.length > 0) await Promise.all(drops);
      else await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    this.#reserved += need;
  }

  #release(bytes: number): void {
    this.#reserved -= bytes;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  #remember(name: string, size: number): void {
    this.#size -= this.#index.get(name) ?? 0;
    this.#index.delete(name);
    this.#index.set(name, size);
    this.#size += size;
  }

  async #drop(name: string): Promise<void> {
    const size = this.#index.get(name);
    if (size === undefined) return;
    this.#index.delete(name);
    this.#size -= size;
    // Still on disk until the unlink returns, so it keeps counting against the bound until then.
    this.#reserved += size;
    await unlink(this.#path(`${name}.bin`)).catch(() => undefined);
    this.#release(size);
  }

  #path(file: string): string {
    return path.join(this.options.dir, file.endsWith('.tmp') || file.endsWith('.bin') ? file : `${file}.bin`);
  }
}

function fileName(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function encode(key: string, media: CachedMedia): Buffer {
  const { contentType, etag, lastModified, storedAt, body } = media;
  const header: FileHeader = { key, contentType, etag, lastModified, storedAt, length: body.byteLength };
  const json = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(8);
  prefix.write(magic, 0, 'latin1');
  prefix.writeUInt32BE(json.byteLength, 4);
  return Buffer.concat([prefix, json, body]);
}

function decode(bytes: Buffer, key: string): CachedMedia | null {
  const format = bytes.byteLength < 8 ? null : bytes.toString('latin1', 0, 4);
  if (format !== magic && format !== formerMagic) return null;
  const end = 8 + bytes.readUInt32BE(4);
  const header = JSON.parse(bytes.toString('utf8', 8, end)) as FileHeader;
  // A truncated file (power loss before the data reached the disk) or a hash collision is a miss.
  if (header.key !== key || bytes.byteLength - end !== header.length) return null;
  const { contentType, lastModified, storedAt } = header;
  const body = bytes.subarray(end);
  return {
    contentType,
    etag: format === magic ? header.etag : mediaEtag(body),
    lastModified,
    storedAt,
    body,
  };
}
