import type { Config } from '../config/resolve-config.js';
import { sqliteStoreFile } from '../store/open-store.js';

/** The SQLite file a test's config names: tests that damage, copy or open the file by path need one. */
export function storeFileOf(config: Pick<Config, 'store'>): string {
  return sqliteStoreFile(config.store, 'this test');
}
