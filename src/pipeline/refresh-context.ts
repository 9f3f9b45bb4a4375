import type { Config } from '../config/resolve-config.js';
import type { HexoWriter } from '../posts/hexo-writer.js';
import type { Store } from '../store/store.js';
import type { HostSemaphore } from './host-semaphore.js';

/**
 * What ingesting a source works with. It names no output: ingest ends at the store, so that a
 * worker on a machine without the output folders can run it.
 */
export interface IngestContext {
  config: Config;
  store: Store;
  /**
   * The per-host limit on requests, feeds and article pages (full text) alike, shared by the whole
   * run: a source's pages often live on a host that another source's feed comes from.
   */
  hosts?: HostSemaphore;
  /** Ignore stored ETag/Last-Modified and fetch everything again. */
  force?: boolean;
  signal?: AbortSignal;
}

/** What refreshing a source (ingest, then its Hexo posts) works with. */
export interface RefreshContext extends IngestContext {
  /** Null when no Hexo output is configured. */
  hexo: HexoWriter | null;
}
