import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { toTerminalLine } from '../core/control-characters.js';
import { NewsmillError } from '../core/errors.js';
import { describeStoreTarget, type StoreTarget } from '../core/store-target.js';
import { tryLockFile, type LockOwner, type TakenOverLock } from '../io/lock-file.js';
import type { AdvisoryLockHolder } from '../store/pg-advisory-lock.js';

/** Another newsmill process that may be alive holds the store's lock. */
export class StoreLockedError extends NewsmillError {
  override readonly name = 'StoreLockedError';

  constructor(
    message: string,
    /**
     * Who holds it: what the lock file says (SQLite), or the database session holding the lock
     * (PostgreSQL); null when it could not be read.
     */
    readonly holder: LockOwner | AdvisoryLockHolder | null,
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
 * Takes the single-instance lock of a store, so two commands never write one store and its outputs
 * at once: a lock file beside a SQLite store, an advisory lock in a PostgreSQL one (see
 * `tryAdvisoryLock`: it goes with its holder's connection, so it is never taken over).
 */
export async function acquireInstanceLock(target: StoreTarget, purpose: string): Promise<InstanceLock> {
  return target.kind === 'sqlite'
    ? acquireFileLock(target.path, purpose)
    : acquireDatabaseLock(target, purpose);
}

/**
 * The SQLite store's lock file, `<store>.lock`. A lock whose holder cannot be alive (a dead pid on this host, or a
 * holder on another host that stopped beating: a run cancelled on one Actions runner and restored
 * from the cache on another) is taken over, with one line on stderr naming whose it was.
 *
 * Besides `<store>.lock`, the lock's protocol writes short-lived `<store>.lock.takeover` and
 * `<store>.lock.<hex>` files beside the store, and SQLite keeps `<store>-wal` and `<store>-shm`: a
 * cache of the store saves `<store>` and `<store>-wal` only, by name (a `!` exclusion under a saved
 * folder is ignored by actions/cache, actions/toolkit#713).
 */
async function acquireFileLock(storePath: string, purpose: string): Promise<InstanceLock> {
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

// One lock per schema: one database may hold several sites, each with its own instance.
async function acquireDatabaseLock(
  target: Extract<StoreTarget, { kind: 'postgres' }>,
  purpose: string,
): Promise<InstanceLock> {
  const store = describeStoreTarget(target);
  // Loaded here: the PostgreSQL driver stays out of every SQLite command's start (startup-imports.test.ts).
  const { tryAdvisoryLock } = await import('../store/pg-advisory-lock.js');
  const lock = await tryAdvisoryLock(target, 'instance', {
    purpose,
    // The run goes on, but no longer excludes others: say so, as a cancelled lock file would not.
    onLost: (error) =>
      process.stderr.write(`${toTerminalLine(`${error.message}; another newsmill may now use ${store}`)}\n`),
  });
  if ('release' in lock) return lock;
  const holder = lock.heldBy;
  throw new StoreLockedError(
    toTerminalLine(
      `another ${holder ? describeSession(holder) : 'newsmill'} is using ${store}; stop it first`,
    ),
    holder,
  );
}

// The holder's own name for itself, then what the server knows of its connection.
function describeSession(holder: AdvisoryLockHolder): string {
  const from = holder.clientAddress === null ? '' : ` from ${holder.clientAddress}`;
  const since = holder.since === null ? '' : ` since ${holder.since}`;
  return `${holder.application} (database session ${holder.backendPid}${from}${since})`;
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
