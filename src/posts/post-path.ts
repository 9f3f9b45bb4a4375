import { createHash } from 'node:crypto';
import path from 'node:path';
import { safePathSegment } from '../io/safe-path-segment.js';

/** `<title slug>-<digest>.md`: readable, and unique because of the identity digest. */
export function postFileName(title: string, digest: string): string {
  return `${safePathSegment(title, 'post')}-${digest}.md`;
}

/** The post's path relative to `source/_posts/`: `<top>/<source>/<channel>/<name>.md`. */
export function postRelativePath(categories: readonly string[], fileName: string): string {
  // A name with nothing safe in it still needs its own folder: name it after its digest.
  const folder = (name: string): string =>
    safePathSegment(name, `c-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`);
  return path.join(...categories.map(folder), fileName);
}
