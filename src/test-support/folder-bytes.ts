import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Bytes of every file in a folder, `.tmp` included, read synchronously: on the proxy's own thread no
 * cache write or eviction can start while it reads, so whatever the thread pool finishes meanwhile
 * only moves bytes the cache had already accounted for.
 */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const file of readdirSync(dir)) {
    try {
      total += statSync(path.join(dir, file)).size;
    } catch {
      // Renamed or deleted between the listing and the stat: counted under its other name, or gone.
    }
  }
  return total;
}
