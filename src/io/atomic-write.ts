import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { OutputError } from '../core/errors.js';
import { sweepContainedFiles } from './contained-path.js';

const TEMP_MARKER = '.newsmill-tmp-';

/** Options of an atomic write. */
export interface AtomicWriteOptions {
  /** Folders known to exist; a writer of many files shares one set and skips repeated mkdir calls. */
  knownDirs?: Set<string>;
}

/** Whether a write changed the file. */
export type WriteStatus = 'written' | 'unchanged';

/**
 * Writes a file so that readers see either the old or the new content, never a part: a hidden temp
 * file in the same folder is written, flushed and renamed over the target. An unchanged file is left
 * alone so its mtime (and git history) stays put.
 */
export async function writeFileAtomic(
  file: string,
  content: string,
  options: AtomicWriteOptions = {},
): Promise<WriteStatus> {
  const data = Buffer.from(content, 'utf8');
  const existing = await readFile(file).catch(() => null);
  if (existing?.equals(data)) return 'unchanged';
  const dir = path.dirname(file);
  // Dot-prefixed so Hexo never renders a temp file a kill left behind.
  const temp = path.join(dir, `.${path.basename(file)}${TEMP_MARKER}${randomBytes(6).toString('hex')}`);
  try {
    if (!options.knownDirs?.has(dir)) {
      await mkdir(dir, { recursive: true });
      options.knownDirs?.add(dir);
    }
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
    return 'written';
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new OutputError(`cannot write ${file}`, { cause: error });
  }
}

/** Deletes temp files that an interrupted run left under `root`; returns how many it removed. */
export function removeStaleTempFiles(root: string): Promise<number> {
  return sweepContainedFiles(root, (name) => name.includes(TEMP_MARKER));
}
