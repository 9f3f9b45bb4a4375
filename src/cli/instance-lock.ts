import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { toTerminalLine } from '../core/control-characters.js';
import { NewsmillError } from '../core/errors.js';
import { tryLockFile, type LockOwner, type TakenOverLock } from '../io/lock-file.js';

/** Another newsmill process that may be alive holds the store's lock. */
export class StoreLockedError extends NewsmillError {
  override readonly name = 'StoreLockedError';

  constructor(
    message: string,
    /** What the lock file says of its holder, or null when it could not be read yet. */
    readonly holder: LockOwner | null,
  ) {
    super(message);
  }
}

/** The store's lock file could not be created or read (a folder this user may not write, a full disk). */
export class StoreLockFileError extends NewsmillError {
  override readonly name = 'StoreLockFileError';
}

/** A held lock; release it when done. */
export interface InstanceLock {
  release(): Promise<void>;
}

/**
 * Takes the single-instance lock of a store (`<store>.lock`), so two commands never write one store
 * and its outputs at once. A lock whose holder cannot be alive (a dead pid on this host, or a
 * holder on another host that stopped beating: a run cancelled on one Actions runner and restored
 * from the cache on another) is taken over, with one line on stderr naming whose it was.
 *
 * Besides `<store>.lock`, the lock's protocol writes short-lived `<store>.lock.takeover` and
 * `<store>.lock.<hex>` files beside the store, and SQLite keeps `<store>-wal` and `<store>-shm`: a
 * cache of the store saves `<store>` and `<store>-wal` only, by name (a `!` exclusion under a saved
 * folder is ignored by actions/cache, actions/toolkit#713).
 */
export async function acquireInstanceLock(storePath: string, purpose: string): Promise<InstanceLock> {
  const file = `${storePath}.lock`;
  const lock = await mkdir(path.dirname(file), { recursive: true })
    .then(() => tryLockFile(file, purpose))
    .catch((error: unknown) => {
      throw new StoreLockFileError(`cannot take the lock ${file}`, { cause: error });
    });
  if ('release' in lock) {
    if (lock.tookOver) process.stderr.write(`${toTerminalLine(describeTakeover(lock.tookOver))}\n`);
    return lock;
  }
  const holder = lock.heldBy;
  throw new StoreLockedError(
    `another ${holder ? describeHolder(holder) : 'newsmill'} is using ${storePath}; stop it first, or ` +
      `delete ${file} if that is wrong`,
    holder,
  );
}

// The line that says whose lock was taken over.
function describeTakeover({ owner, lastAlive }: TakenOverLock): string {
  return owner
    ? `took over a lock left by ${owner.purpose} (pid ${owner.pid} on host ${owner.host}, last alive ${lastAlive})`
    : `took over an unreadable lock file (last written ${lastAlive})`;
}

function describeHolder(holder: LockOwner): string {
  // A holder on another host is only known by its heartbeat: it counts as gone when that stops.
  return holder.host === hostname()
    ? `${holder.purpose} (pid ${holder.pid})`
    : `${holder.purpose} (pid ${holder.pid} on ${holder.host}, last alive ${holder.heartbeat})`;
}
