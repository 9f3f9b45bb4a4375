import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { errorCode, tryLockFile, type TakenOverLock } from '../io/lock-file.js';
import { OutputError } from '../core/errors.js';

/** The right to build into one site folder, held until `release`. */
export interface BuildLock {
  /** The lock of a build that died (or stopped beating on another host) that this one replaced. */
  tookOver: TakenOverLock | null;
  release(): Promise<void>;
}

const PERMISSION_DENIED = new Set(['EACCES', 'EPERM', 'EROFS']);
// The lock inside an existing site folder whose parent is not writable.
const INNER_LOCK = '.newsmill-lock';

/** The lock file of the site folder `siteRoot`: beside it, since a first build has no folder yet. */
export function buildLockPath(siteRoot: string): string {
  return path.join(path.dirname(siteRoot), `.${path.basename(siteRoot)}.newsmill-lock`);
}

/**
 * Takes the build lock of `siteRoot`, so two builds never write one site at once (they would share
 * the staging folder of a first build, and interleave files and manifests of later ones). A lock
 * left by a build that died (its process is gone, or on another host its heartbeat stopped) is
 * taken over; one held by a running build fails with an error that names it.
 */
export async function acquireBuildLock(siteRoot: string): Promise<BuildLock> {
  await mkdir(path.dirname(siteRoot), { recursive: true }).catch((error: unknown) => {
    throw new OutputError(`cannot create the folder of ${siteRoot}`, { cause: error });
  });
  try {
    return await lockAt(buildLockPath(siteRoot), siteRoot);
  } catch (error) {
    // A site folder in a parent this user may not write to (a web server's root, say) can still be
    // updated: it holds its own lock. A first build needs the parent anyway, for its staging folder.
    const denied = error instanceof OutputError && PERMISSION_DENIED.has(errorCode(error.cause));
    if (denied && (await isFolder(siteRoot))) return lockAt(path.join(siteRoot, INNER_LOCK), siteRoot);
    throw error;
  }
}

async function lockAt(file: string, siteRoot: string): Promise<BuildLock> {
  const lock = await tryLockFile(file, 'newsmill build').catch((error: unknown) => {
    throw new OutputError(`cannot create the build lock ${file}`, { cause: error });
  });
  if ('release' in lock) return lock;
  const holder = lock.heldBy;
  const who = holder
    ? `another newsmill build (process ${holder.pid} on ${holder.host}, started ${holder.started}, last alive ${holder.heartbeat})`
    : 'another newsmill build';
  throw new OutputError(
    `${who} is writing ${siteRoot}; wait for it, or delete ${file} if no such build is running`,
  );
}

async function isFolder(file: string): Promise<boolean> {
  return stat(file).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
}
