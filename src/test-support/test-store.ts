import { onTestFinished } from 'vitest';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { OpenStoreOptions } from '../store/store.js';
import type { Store } from '../store/store.js';

/**
 * Opens the SQLite store in `file` and closes it when the current test finishes, whether it passed or
 * failed. A test may close it itself first (closing twice does nothing). Call it where `tempFolder` may
 * be called; a temp folder made before it is removed after it is closed, as vitest runs the
 * `onTestFinished` hooks last registered first.
 */
export function openTestStore(file: string, options?: OpenStoreOptions): Store {
  const store = openSqliteStore(file, options);
  onTestFinished(() => store.close());
  return store;
}
