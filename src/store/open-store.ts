import { StoreError } from '../core/errors.js';
import { describeStoreTarget, type StoreTarget } from '../core/store-target.js';
import { openSqliteStore } from './sqlite-store.js';
import type { OpenStoreOptions } from './store.js';
import type { Store } from './store.js';

/**
 * Opens the store the config names: the SQLite file, or the PostgreSQL schema. PostgreSQL's code
 * (and the `pg` driver) is loaded only then, so a run on SQLite never loads it.
 */
export async function openStore(target: StoreTarget, options: OpenStoreOptions = {}): Promise<Store> {
  if (target.kind === 'sqlite') return openSqliteStore(target.path, options);
  const { openPostgresStore } = await import('./pg-store.js');
  return openPostgresStore(target, options);
}

/** A command that only makes sense for one SQLite file (checkpoint, a copy) was pointed at PostgreSQL. */
export class NotASqliteStoreError extends StoreError {
  override readonly name = 'NotASqliteStoreError';
}

/**
 * The SQLite file of `target`, for what only a file can do; `action` says what, for the message
 * when the config names PostgreSQL instead.
 */
export function sqliteStoreFile(target: StoreTarget, action: string): string {
  if (target.kind === 'sqlite') return target.path;
  throw new NotASqliteStoreError(
    `${action} needs a SQLite store file, and the config names PostgreSQL: ${describeStoreTarget(target)}`,
  );
}
