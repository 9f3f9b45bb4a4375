import type { Config } from '../config/resolve-config.js';
import type { HexoWriter } from '../posts/hexo-writer.js';
import type { Store } from '../store/store.js';
import type { HostSemaphore } from './host-semaphore.js';

/** The shared parts a refresh works with. */
export interface RefreshContext {
  config: Config;
  store: Store;
  /**
   * The per-host limit on requests, feeds and article pages (full text) alike, shared by the whole
   * run: a source's pages often live on a host that another source's feed comes from.
   */
  hosts?: HostSemaphore;
  /** Null when no Hexo output is configured. */
  hexo: HexoWriter | null;
  /** Ignore stored ETag/Last-Modified and fetch everything again. */
  force?: boolean;
  signal?: AbortSignal;
}
