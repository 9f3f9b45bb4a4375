import { stat } from 'node:fs/promises';
import { hostname } from 'node:os';

/** What a lock file records of the process holding it. */
export interface LockOwner {
  pid: number;
  /** The machine the holder runs on: a pid can only be checked on its own machine. */
  host: string;
  started: string;
  /** What the holder is doing, for the refusal message ("newsmill watch"). */
  purpose: string;
  /**
   * When the holder last said it was alive (ISO 8601, by its own clock); it rewrites this while it
   * holds the lock. A lock written before heartbeats existed has only `started`.
   */
  heartbeat: string;
}

/** How often a holder refreshes its heartbeat, and how long a silent lock from another host lives. */
export interface LockTiming {
  /** Milliseconds between heartbeats (default 30 s). */
  heartbeatMs: number;
  /** A lock from another host whose holder has been silent this long is left behind (default 2 min). */
  staleMs: number;
}

/** The default timing: four missed beats make a lock from another host stale. */
export const DEFAULT_LOCK_TIMING: LockTiming = { heartbeatMs: 30_000, staleMs: 120_000 };

// An empty or unreadable lock younger than this may be one being created, not one left behind.
const UNREADABLE_GRACE_MS = 10_000;

/**
 * Whether the lock `file`, held by `holder` (null: unreadable), was left by a process that cannot
 * be alive, so it may be taken over. `heldHere` tells the locks this process holds itself.
 */
export async function isLeftBehind(
  file: string,
  holder: LockOwner | null,
  timing: LockTiming,
  heldHere: (owner: LockOwner) => boolean,
): Promise<boolean> {
  if (!holder) return !(await isRecent(file));
  if (holder.host === hostname()) {
    // This process's pid in a lock it does not hold: an earlier process had the same pid (pid 1 in
    // a container restored from a cache), so that process is gone.
    if (holder.pid === process.pid) return !heldHere(holder);
    return !isRunning(holder.pid);
  }
  return !beatRecently(holder, timing.staleMs);
}

/**
 * Whether a holder on another machine beat within `staleMs`, judged by the heartbeat it wrote into
 * the file with its own clock against this machine's clock. Not by the file's mtime: copies reset
 * it (git checkout, cp, artifact downloads), and a lock copied from a dead run would then look
 * alive at every restore, blocking each run. Content survives every copy, and a restored lock
 * counts as gone two minutes after its holder's last beat, however it travelled.
 * The price is clock skew: hosts under NTP (CI runners, servers) differ by milliseconds, far inside
 * the margin of four beats. A heartbeat more than `staleMs` ahead of this clock counts as silence
 * too: trusting it would keep a dead holder's lock for as long as its clock was ahead, while a live
 * holder whose clock is minutes off already breaks the margin either way.
 */
function beatRecently(holder: LockOwner, staleMs: number): boolean {
  return Math.abs(Date.now() - Date.parse(holder.heartbeat)) <= staleMs;
}

/** Whether `file` was modified within the last few seconds (a missing file is not recent). */
export async function isRecent(file: string): Promise<boolean> {
  const modified = await mtimeOf(file);
  return modified !== null && Date.now() - modified < UNREADABLE_GRACE_MS;
}

async function mtimeOf(file: string): Promise<number | null> {
  return stat(file).then(
    (stats) => stats.mtimeMs,
    () => null,
  );
}

/** Whether a process with this id runs on this machine (one of another user's counts). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // The process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
