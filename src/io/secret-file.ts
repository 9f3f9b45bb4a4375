import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  linkSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
  type Stats,
} from 'node:fs';

/** Where a secret comes from: the environment's value, or else a file of its own (or neither). */
export interface SecretSource {
  /** The secret as the environment gives it, or null. */
  secret: string | null;
  /** The file that keeps a random secret, or null. */
  file: string | null;
}

// 32 random bytes, as hex: what `createSecretFile` writes, and all a file may hold to be used.
const SECRET_TEXT = /^[0-9a-f]{64}\n?$/;

/**
 * The secret of `source`: the environment's, or the file's. With `create`, a missing file (or one
 * that holds anything but a secret: a half-written or edited one) is replaced by a new random
 * secret; without it, such a file gives null. A secret file is a regular file of this user's that
 * no one else may read (not a symlink). It appears whole or not at all (a hard link, or a rename
 * over a broken one), so two processes that create it at once end with one secret, the first one's.
 */
export function readSecret(source: SecretSource, create: boolean): string | null {
  if (source.secret !== null) return source.secret;
  if (source.file === null) return null;
  let found = known.get(source) ?? readSecretFile(source.file);
  if (found === null && create) found = createSecretFile(source.file);
  if (found !== null) known.set(source, found);
  return found;
}

// Each source's secret once read: every source of a run and every batch of a build asks for it.
const known = new WeakMap<SecretSource, string>();

function readSecretFile(file: string): string | null {
  let fd: number;
  try {
    // No symlink, and no waiting on a FIFO put in its place; then checked on what was opened.
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || !isPrivate(stats)) return null;
    const buffer = Buffer.alloc(66);
    const text = buffer.toString('utf8', 0, readSync(fd, buffer, 0, buffer.length, 0));
    return SECRET_TEXT.test(text) ? text.trim() : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

// Another user's file, or one others may read, is no secret of this user's. Windows has neither
// POSIX owners nor mode bits to check.
function isPrivate(stats: Stats): boolean {
  if (process.platform === 'win32') return true;
  return stats.uid === process.getuid?.() && (stats.mode & 0o077) === 0;
}

function createSecretFile(file: string): string | null {
  const secret = randomBytes(32).toString('hex');
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    try {
      linkSync(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Another process made it first, or the file there is broken: then this one replaces it.
      const other = readSecretFile(file);
      if (other !== null) return other;
      renameSync(temp, file);
      return secret;
    }
    return secret;
  } catch {
    // A secret only saves work (a read-only folder, a full disk): without it, nothing is sealed.
    return null;
  } finally {
    rmSync(temp, { force: true });
  }
}
