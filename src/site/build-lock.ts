import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { OutputError } from '../core/errors.js';

/** The right to build into one site folder, held until `release`. */
export interface BuildLock {
  release(): Promise<void>;
}

// Hard links are how a lock appears with its content at once; without them (FAT, some network
// file systems) an exclusive create has to do, which a reader may catch empty for an instant.
const LINKS_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);
const PERMISSION_DENIED = new Set(['EACCES', 'EPERM', 'EROFS']);
// The lock inside an existing site folder whose parent is not writable.
const INNER_LOCK = '.newsmill-lock';
// An empty or unreadable lock younger than this may be one being created, not one left behind.
const UNREADABLE_GRACE_MS = 10_000;

/** What a lock file records of the build holding it. */
interface LockOwner {
  pid: number;
  /** A build on another machine (a shared folder) cannot be checked, so its lock always counts. */
  host: string;
  started: string;
}

/** The lock file of the site folder `siteRoot`: beside it, since a first build has no folder yet. */
export function buildLockPath(siteRoot: string): string {
  return path.join(path.dirname(siteRoot), `.${path.basename(siteRoot)}.newsmill-lock`);
}

/**
 * Takes the build lock of `siteRoot`, so two builds never write one site at once (they would share
 * the staging folder of a first build, and interleave files and manifests of later ones). A lock
 * left by a build that died (its process is gone) is taken over; one held by a running build fails
 * with an error that names it.
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
  const owner: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    if (await createWithContent(file, `${JSON.stringify(owner)}\n`)) break;
    const holder = await readOwner(file);
    if (holder ? holder.host !== owner.host || isRunning(holder.pid) : await isRecent(file)) {
      const who = holder
        ? `another newsmill build (process ${holder.pid} on ${holder.host}, started ${holder.started})`
        : 'another newsmill build';
      throw new OutputError(
        `${who} is writing ${siteRoot}; wait for it, or delete ${file} if no such build is running`,
      );
    }
    // Its build died: the lock is stale. Once only, in case another build takes it over meanwhile.
    if (attempt > 0) throw new OutputError(`cannot take over the stale build lock ${file}`);
    await rm(file, { force: true });
  }
  return {
    async release() {
      // Never delete a lock another build took over after this one was thought dead.
      const holder = await readOwner(file);
      if (holder?.pid === owner.pid && holder.host === owner.host) await rm(file, { force: true });
    },
  };
}

/**
 * Creates `file` holding `content`, or returns false when it exists. The content goes to a temp
 * file that is then hard-linked into place, so no build ever reads a lock without its owner.
 */
async function createWithContent(file: string, content: string): Promise<boolean> {
  const temp = `${file}.${randomBytes(6).toString('hex')}`;
  try {
    await writeFile(temp, content, { flag: 'wx' });
    try {
      await link(temp, file);
    } catch (error) {
      if (!LINKS_UNSUPPORTED.has(errorCode(error))) throw error;
      await writeFile(file, content, { flag: 'wx' });
    }
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw new OutputError(`cannot create the build lock ${file}`, { cause: error });
  } finally {
    await rm(temp, { force: true });
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | null)?.code ?? '';
}

async function isFolder(file: string): Promise<boolean> {
  return stat(file).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
}

async function isRecent(file: string): Promise<boolean> {
  const modified = await stat(file).then(
    (stats) => stats.mtimeMs,
    () => 0,
  );
  return Date.now() - modified < UNREADABLE_GRACE_MS;
}

async function readOwner(file: string): Promise<LockOwner | null> {
  try {
    const owner = JSON.parse(await readFile(file, 'utf8')) as Partial<LockOwner>;
    if (typeof owner.pid !== 'number') return null;
    return { pid: owner.pid, host: String(owner.host), started: String(owner.started) };
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // The process exists but belongs to someone else.
    return errorCode(error) === 'EPERM';
  }
}
