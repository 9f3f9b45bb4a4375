import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { NewsmillError } from '../core/errors.js';
import { tryLockFile } from '../core/lock-file.js';

/** A held lock; release it when done. */
export interface InstanceLock {
  release(): Promise<void>;
}

/**
 * Takes the single-instance lock of a store (`<store>.lock`), so two commands never write one store
 * and its outputs at once. A lock left by a process that is gone (killed with -9) is taken over.
 */
export async function acquireInstanceLock(storePath: string, purpose: string): Promise<InstanceLock> {
  const file = `${storePath}.lock`;
  const lock = await mkdir(path.dirname(file), { recursive: true })
    .then(() => tryLockFile(file, purpose))
    .catch((error: unknown) => {
      throw new NewsmillError(`cannot take the lock ${file}`, { cause: error });
    });
  if ('release' in lock) return lock;
  const holder = lock.heldBy;
  const who = holder
    ? `${holder.purpose} (pid ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`})`
    : 'newsmill';
  throw new NewsmillError(
    `another ${who} is using ${storePath}; stop it first, or delete ${file} if that is wrong`,
  );
}
