import { rmdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Removes `dir` if it is empty, then each parent it leaves empty, up to but never including `root`
 * (both absolute and normalized, `dir` below `root`). A folder that still holds anything, a file
 * someone else put there included, stops the walk: rmdir refuses it. Callers that delete several
 * files at once may each call this after their own delete: the last one out of a folder removes it.
 */
export async function removeEmptyFolders(root: string, dir: string): Promise<void> {
  const inside = root.endsWith(path.sep) ? root : root + path.sep;
  while (dir.startsWith(inside)) {
    const removed = await rmdir(dir).then(
      () => true,
      () => false,
    );
    if (!removed) return;
    dir = path.dirname(dir);
  }
}
