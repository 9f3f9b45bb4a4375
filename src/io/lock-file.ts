import { randomBytes } from 'node:crypto';
import { link, open, readFile, rm, stat, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { NewsmillError } from '../core/errors.js';
import {
  DEFAULT_LOCK_TIMING,
  isLeftBehind,
  isRecent,
  type LockOwner,
  type LockTiming,
} from './lock-liveness.js';

export type { LockOwner, LockTiming } from './lock-liveness.js';

/** A stale lock kept changing hands through every round of taking it over. */
export class LockTakeoverError extends NewsmillError {
  override readonly name = 'LockTakeoverError';
}

/** A lock that was left behind and taken over: whose it was, and when its holder last beat. */
export interface TakenOverLock {
  /** The holder it recorded, or null when the file was unreadable. */
  owner: LockOwner | null;
  /** The holder's last heartbeat (its file's mtime for an unreadable one), ISO 8601. */
  lastAlive: string;
}

/** A lock file this process holds, until `release`; it beats (refreshes its heartbeat) meanwhile. */
export interface HeldLock {
  /** The lock left behind that this one replaced, or null when the file was free. */
  tookOver: TakenOverLock | null;
  release(): Promise<void>;
}

// Hard links are how a lock appears with its content at once; without them (FAT, some network
// file systems) an exclusive create has to do, which a reader may catch empty for an instant.
const LINKS_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);
// Rounds of waiting for another process that is taking a stale lock over.
const TAKEOVER_ROUNDS = 100;
// The locks this process holds or is creating, counted by their `started` time (two taken in one
// millisecond share it). Registered before the lock file appears, since another call in this
// process may read it at once and must not take its own pid for an earlier process's.
const heldHere = new Map<string, number>();

function holdHere(started: string, change: 1 | -1): void {
  const count = (heldHere.get(started) ?? 0) + change;
  if (count > 0) heldHere.set(started, count);
  else heldHere.delete(started);
}

/**
 * Takes the lock `file` for `purpose`, or tells who holds it (null: a lock too new to read yet).
 * A lock left behind (a dead pid on this host; a holder on another host that stopped beating, see
 * `isLeftBehind`) is taken over, by one process only: the one that also holds `<file>.takeover`
 * and finds the same owner when it looks again. Removing it without that, a process could delete
 * the lock another had just taken over, and both would hold it. File system errors other than
 * "exists" are thrown as they are, for the caller to name.
 */
export async function tryLockFile(
  file: string,
  purpose: string,
  timing: Partial<LockTiming> = {},
): Promise<HeldLock | { heldBy: LockOwner | null }> {
  const { heartbeatMs, staleMs } = { ...DEFAULT_LOCK_TIMING, ...timing };
  const started = new Date().toISOString();
  const owner: LockOwner = { pid: process.pid, host: hostname(), started, purpose, heartbeat: started };
  const isHeldHere = (holder: LockOwner): boolean =>
    holder.pid === process.pid && heldHere.has(holder.started);
  let tookOver: TakenOverLock | null = null;
  for (let round = 0; round < TAKEOVER_ROUNDS; round++) {
    holdHere(started, 1);
    const handle = await createWithContent(file, serialize(owner)).catch((error: unknown) => {
      holdHere(started, -1);
      throw error;
    });
    if (handle) return heldLock(file, owner, handle, heartbeatMs, tookOver);
    holdHere(started, -1);
    const holder = await readOwner(file);
    // Gone since the create failed (released, or taken over by another process): create it again.
    // Taken for an unreadable lock, its removal below could delete one created in the meantime.
    if (holder === MISSING) continue;
    if (!(await isLeftBehind(file, holder, { heartbeatMs, staleMs }, isHeldHere))) return { heldBy: holder };
    const takeover = `${file}.takeover`;
    const takeoverHandle = await createWithContent(takeover, serialize(owner));
    if (takeoverHandle) {
      try {
        await takeoverHandle.close();
        // Only the holder of `.takeover` removes a lock, so one still there and unchanged stays
        // until the removal; a missing one may be recreated by anyone at any instant.
        const again = await readOwner(file);
        const unchanged = again !== MISSING && JSON.stringify(again) === JSON.stringify(holder);
        if (unchanged && (again !== null || !(await isRecent(file)))) {
          const lastAlive = holder?.heartbeat ?? (await modifiedAt(file));
          await rm(file, { force: true });
          tookOver = { owner: holder, lastAlive };
        }
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
  throw new LockTakeoverError(`cannot take over the stale lock ${file}: it kept changing hands`);
}

/**
 * The held lock on `handle`, the lock's own inode: each beat rewrites the heartbeat through it,
 * never by path, so a holder that was taken for dead (a machine asleep for minutes) writes into
 * the file that was removed and never over its successor's lock.
 */
function heldLock(
  file: string,
  owner: LockOwner,
  handle: FileHandle,
  heartbeatMs: number,
  tookOver: TakenOverLock | null,
): HeldLock {
  let beating: Promise<unknown> = Promise.resolve();
  const beat = async (): Promise<void> => {
    // ISO times have one length, so the rewrite covers the old content exactly and a reader finds
    // whole JSON; fsync sends the beat to a network share's server now, where other hosts read it.
    await handle.write(serialize({ ...owner, heartbeat: new Date().toISOString() }), 0, 'utf8');
    await handle.sync();
  };
  // A failed beat is not fatal: the holder is alive, and the next beat may succeed.
  const timer = setInterval(() => (beating = beating.then(beat).catch(() => undefined)), heartbeatMs);
  // The heartbeat never keeps a process alive that has nothing else to do.
  timer.unref();
  return {
    tookOver,
    async release() {
      clearInterval(timer);
      await beating;
      try {
        // Never delete a lock another process took over after this one was thought dead.
        const holder = await readOwner(file);
        if (
          holder !== MISSING &&
          holder?.pid === owner.pid &&
          holder.host === owner.host &&
          holder.started === owner.started
        )
          await rm(file, { force: true });
      } finally {
        // Only once the file is gone: until then, a call here reading it must find it held.
        holdHere(owner.started, -1);
        await handle.close();
      }
    },
  };
}

function serialize(owner: LockOwner): string {
  return `${JSON.stringify(owner)}\n`;
}

/**
 * Creates `file` holding `content` and returns it open for writing, or returns null when it
 * exists. The content goes to a temp file that is then hard-linked into place, so no reader ever
 * finds a lock without its owner.
 */
async function createWithContent(file: string, content: string): Promise<FileHandle | null> {
  const temp = `${file}.${randomBytes(6).toString('hex')}`;
  let handle: FileHandle | null = null;
  try {
    handle = await open(temp, 'wx');
    await handle.writeFile(content, 'utf8');
    try {
      await link(temp, file);
    } catch (error) {
      if (!LINKS_UNSUPPORTED.has(errorCode(error))) throw error;
      const tempHandle = handle;
      handle = null;
      await tempHandle.close();
      handle = await open(file, 'wx');
      await handle.writeFile(content, 'utf8');
    }
    const created = handle;
    handle = null;
    return created;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return null;
    throw error;
  } finally {
    await handle?.close();
    await rm(temp, { force: true });
  }
}

/** The code of a file system error, or ''. */
export function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | null)?.code ?? '';
}

async function modifiedAt(file: string): Promise<string> {
  const stats = await stat(file).catch(() => null);
  return new Date(stats?.mtimeMs ?? Date.now()).toISOString();
}

/** `readOwner`'s answer for a lock file that does not exist. */
const MISSING = 'missing';

/** The holder a lock file records, null when it cannot be read as one, or MISSING. */
async function readOwner(file: string): Promise<LockOwner | null | typeof MISSING> {
  try {
    const text = await readFile(file, 'utf8').catch((error: unknown) => {
      if (errorCode(error) === 'ENOENT') return MISSING;
      throw error;
    });
    if (text === MISSING) return MISSING;
    const owner = JSON.parse(text) as Partial<LockOwner>;
    if (typeof owner.pid !== 'number') return null;
    const started = String(owner.started);
    return {
      pid: owner.pid,
      host: String(owner.host),
      started,
      purpose: String(owner.purpose ?? 'newsmill'),
      // A lock from before heartbeats: its holder was last known alive when it started.
      heartbeat: typeof owner.heartbeat === 'string' ? owner.heartbeat : started,
    };
  } catch {
    return null;
  }
}
