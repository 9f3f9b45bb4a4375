import { randomBytes } from 'node:crypto';
import { link, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/** What a lock file records of the process holding it. */
export interface LockOwner {
  pid: number;
  /** A process on another machine (a shared folder) cannot be checked, so its lock always counts. */
  host: string;
  started: string;
  /** What the holder is doing, for the refusal message ("newsmill watch"). */
  purpose: string;
}

/** A lock file this process holds, until `release`. */
export interface HeldLock {
  release(): Promise<void>;
}

// Hard links are how a lock appears with its content at once; without them (FAT, some network
// file systems) an exclusive create has to do, which a reader may catch empty for an instant.
const LINKS_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);
// An empty or unreadable lock younger than this may be one being created, not one left behind.
const UNREADABLE_GRACE_MS = 10_000;
// Rounds of waiting for another process that is taking a stale lock over.
const TAKEOVER_ROUNDS = 100;

/**
 * Takes the lock `file` for `purpose`, or tells who holds it (null: a lock too new to read yet).
 * A lock left by a process that is gone from this machine is taken over, by one process only: the
 * one that also holds `<file>.takeover` and finds the same dead owner when it looks again. Removing
 * it without that, a process could delete the lock another had just taken over, and both would
 * hold it. File system errors other than "exists" are thrown as they are, for the caller to name.
 */
export async function tryLockFile(
  file: string,
  purpose: string,
): Promise<HeldLock | { heldBy: LockOwner | null }> {
  const owner: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString(), purpose };
  const content = `${JSON.stringify(owner)}\n`;
  for (let round = 0; round < TAKEOVER_ROUNDS; round++) {
    if (await createWithContent(file, content)) return heldLock(file, owner);
    const holder = await readOwner(file);
    if (holder ? holder.host !== owner.host || isRunning(holder.pid) : await isRecent(file)) {
      return { heldBy: holder };
    }
    const takeover = `${file}.takeover`;
    if (await createWithContent(takeover, content)) {
      try {
        const again = await readOwner(file);
        if (JSON.stringify(again) === JSON.stringify(holder) && (again !== null || !(await isRecent(file))))
          await rm(file, { force: true });
      } finally {
        await rm(takeover, { force: true });
      }
    } else {
      // Another process is taking it over; a takeover file is only left behind by one that died
      // in those few instructions, long ago.
      if (!(await isRecent(takeover))) await rm(takeover, { force: true });
      await sleep(5 + Math.random() * 20);
    }
  }
  throw Object.assign(new Error(`cannot take over the stale lock ${file}`), { code: 'ELOCKBUSY' });
}

function heldLock(file: string, owner: LockOwner): HeldLock {
  return {
    async release() {
      // Never delete a lock another process took over after this one was thought dead.
      const holder = await readOwner(file);
      if (holder?.pid === owner.pid && holder.host === owner.host && holder.started === owner.started)
        await rm(file, { force: true });
    },
  };
}

/**
 * Creates `file` holding `content`, or returns false when it exists. The content goes to a temp
 * file that is then hard-linked into place, so no reader ever finds a lock without its owner.
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
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

/** The code of a file system error, or ''. */
export function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | null)?.code ?? '';
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
    return {
      pid: owner.pid,
      host: String(owner.host),
      started: String(owner.started),
      purpose: String(owner.purpose ?? 'newsmill'),
    };
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
