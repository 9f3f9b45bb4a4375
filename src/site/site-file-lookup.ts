import { constants, type Stats } from 'node:fs';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** A regular file of the built site, open for reading; the caller closes `handle` (a stream does it). */
export interface SiteFile {
  /** The file's real path, inside the site folder. */
  path: string;
  handle: FileHandle;
  /** The open file's own stats (not the path's, which a rebuild may have replaced meanwhile). */
  info: Stats;
}

// Failures that mean "no such page here", as opposed to a fault of the machine (EIO, EMFILE…).
const MISSING_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG', 'ELOOP', 'EINVAL']);
// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, holding one of libuv's
// four threads per request. It changes nothing for regular files. (Windows has no such flag.)
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Opens the file at a decoded URL path (`/posts/ab.html`) of the site folder `root`, or says it is a
 * folder, or returns null when it may not be served: it leaves the folder (by `..` or through a
 * symlink, to a system or a sibling folder), is or passes through a dot-file, or is no regular file.
 * Throws only for faults of the machine.
 */
export async function openSiteFile(root: string, urlPath: string): Promise<SiteFile | 'directory' | null> {
  // Resolved as a path below the root, never as an absolute one; the check below decides, not `..` clamping.
  const lexical = path.resolve(root, `.${path.sep}${urlPath}`);
  if (urlPath.includes('\0') || !servable(root, lexical)) return null;
  try {
    const realRoot = await realpath(root);
    const real = await realpath(lexical);
    if (!servable(realRoot, real)) return null;
    const info = await stat(real);
    if (info.isDirectory()) return 'directory';
    // `/atom.xml/` names a folder; a file there is not it.
    if (!info.isFile() || /[/\\]$/.test(urlPath)) return null;
    const handle = await open(real, READ_FLAGS);
    const opened = await handle.stat().catch(async (error: unknown) => {
      await handle.close();
      throw error;
    });
    // Replaced by something else between the check and the open (a rebuild, a FIFO): not servable.
    if (!opened.isFile()) {
      await handle.close();
      return null;
    }
    return { path: real, handle, info: opened };
  } catch (error) {
    if (MISSING_CODES.has((error as { code?: string }).code ?? '')) return null;
    throw error;
  }
}

/** Whether `target` is `root` or below it, and names no dot-file (build manifest, temp files) on the way. */
function servable(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  if (relative === '') return true;
  if (path.isAbsolute(relative)) return false;
  return relative.split(path.sep).every((part) => part !== '..' && !part.startsWith('.'));
}
