import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { NewsmillError, OutputError } from '../core/errors.js';
import { tryLockFile, type HeldLock } from '../io/lock-file.js';

/** Another live newsmill process holds the lock of the Hexo posts: it is writing them now. */
export class PostsLockedError extends NewsmillError {
  override readonly name = 'PostsLockedError';
}

/** The lock file of the Hexo posts of `hexoRoot`: a hidden file beside the posts folder, which Hexo skips. */
export function hexoLockPath(hexoRoot: string): string {
  return path.join(hexoRoot, 'source', '.newsmill-posts-lock');
}

/**
 * Takes the lock of the Hexo posts of `hexoRoot`, so that two processes (a `run` and a `publish`,
 * or two publishes) never write and record one post at once: the loser could delete the file the
 * other just moved a post to. A lock left by a process that died is taken over; one held by a
 * live process fails with a PostsLockedError that names it.
 */
export async function acquireHexoLock(hexoRoot: string, purpose: string): Promise<HeldLock> {
  const file = hexoLockPath(hexoRoot);
  // The posts folder, as the writer makes it: a Hexo folder that cannot be used fails here, first.
  const postsDir = path.join(hexoRoot, 'source', '_posts');
  await mkdir(postsDir, { recursive: true }).catch((error: unknown) => {
    throw new OutputError(`cannot use ${postsDir} for the Hexo posts`, { cause: error });
  });
  const lock = await tryLockFile(file, purpose).catch((error: unknown) => {
    throw new OutputError(`cannot create the Hexo posts lock ${file}`, { cause: error });
  });
  if ('release' in lock) return lock;
  const holder = lock.heldBy;
  const who = holder
    ? `another newsmill process (${holder.purpose}, process ${holder.pid} on ${holder.host}, started ${holder.started})`
    : 'another newsmill process';
  throw new PostsLockedError(
    `${who} is writing the Hexo posts of ${hexoRoot}; wait for it, or delete ${file} if no such process is running`,
  );
}
