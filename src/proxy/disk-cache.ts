import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MemoryMediaCache, type CachedMedia, type MediaCache } from './media-cache.js';

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

const magic = 'NMC1';

interface FileHeader {
  key: string;
  contentType: string;
  etag: string | null;
  lastModified: string | null;
  storedAt: number;
  length: number;
}

/**
 * A disk cache with LRU eviction under a byte bound. Each entry is one file written to a temporary
 * name and renamed into place, so a crash leaves either the old state or the complete new file.
 */
export class DiskMediaCache implements MediaCache {
  // Insertion-ordered like MemoryMediaCache: the first key is the least recently used.
  readonly #index = new Map<string, number>();
  readonly #hot: MemoryMediaCache;
  readonly #writes = new Set<Promise<void>>();
  #size = 0;

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
      if (file.endsWith('.tmp')) await unlink(full).catch(() => undefined);
      if (!file.endsWith('.bin')) continue;
      const info = await stat(full).catch(() => null);
      if (info) found.push({ key: file.slice(0, -4), size: info.size, mtime: info.mtimeMs });
    }
    for (const entry of found.sort((a, b) => a.mtime - b.mtime)) cache.#remember(entry.key, entry.size);
    await cache.#evict();
    return cache;
  }

  get size(): number {
    return this.#size;
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
    if (bytes.byteLength > this.options.maxBytes) return;
    const temporary = this.#path(`${name}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(temporary, bytes);
      await rename(temporary, this.#path(`${name}.bin`));
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      this.options.onError?.(error);
      return;
    }
    this.#remember(name, bytes.byteLength);
    await this.#evict();
  }

  #remember(name: string, size: number): void {
    this.#size -= this.#index.get(name) ?? 0;
    this.#index.delete(name);
    this.#index.set(name, size);
    this.#size += size;
  }

  async #evict(): Promise<void> {
    for (const name of this.#index.keys()) {
      if (this.#size <= this.options.maxBytes) break;
      await this.#drop(name);
    }
  }

  async #drop(name: string): Promise<void> {
    this.#size -= this.#index.get(name) ?? 0;
    this.#index.delete(name);
    await unlink(this.#path(`${name}.bin`)).catch(() => undefined);
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
  if (bytes.byteLength < 8 || bytes.toString('latin1', 0, 4) !== magic) return null;
  const end = 8 + bytes.readUInt32BE(4);
  const header = JSON.parse(bytes.toString('utf8', 8, end)) as FileHeader;
  // A truncated file (power loss before the data reached the disk) or a hash collision is a miss.
  if (header.key !== key || bytes.byteLength - end !== header.length) return null;
  const { contentType, etag, lastModified, storedAt } = header;
  return { contentType, etag, lastModified, storedAt, body: bytes.subarray(end) };
}
