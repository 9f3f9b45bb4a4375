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

/** One file of a batch write: where it goes and what it holds. */
export interface FileToWrite {
  file: string;
  content: string;
}

/**
 * Writes a file so that readers see either the old or the new content, never a part: a hidden temp
 * file in the same folder is written, flushed and renamed over the target, and the folder is
 * flushed so that the rename survives a power loss too. An unchanged file is left alone so its
 * mtime (and git history) stays put.
 */
export async function writeFileAtomic(
  file: string,
  content: string,
  options: AtomicWriteOptions = {},
): Promise<WriteStatus> {
  const [result] = await writeFilesAtomic([{ file, content }], options);
  if (result instanceof Error || result === undefined)
    throw result ?? new OutputError(`cannot write ${file}`);
  return result;
}

/**
 * Writes several files as `writeFileAtomic` writes each, with the same guarantee, side by side, and
 * flushes each folder they went to once for the batch instead of once per file. Each file is still
 * flushed before its rename: after a power loss a name must point at the whole new content or at
 * the old file, and no call flushes many files for less than a flush each (a batch that wrote every
 * temp file first and flushed them together measured slower, its phases waiting on each other).
 * Each file gets its status, or the error that failed it alone; once this returns, every file
 * reported written is on disk for good, rename included.
 */
export async function writeFilesAtomic(
  files: readonly FileToWrite[],
  options: AtomicWriteOptions = {},
): Promise<Array<WriteStatus | OutputError>> {
  const knownDirs = options.knownDirs ?? new Set<string>();
  const results = await Promise.all(
    files.map(({ file, content }) => writeOne(file, content, knownDirs).catch(failure(file))),
  );
  const dirs = new Set(
    files.flatMap(({ file }, index) => (results[index] === 'written' ? [path.dirname(file)] : [])),
  );
  const dirFailures = new Map<string, unknown>();
  await Promise.all(
    [...dirs].map((dir) => flushFolder(dir).catch((error: unknown) => dirFailures.set(dir, error))),
  );
  return results.map((result, index) => {
    const file = (files[index] as FileToWrite).file;
    const dirFailure = result === 'written' ? dirFailures.get(path.dirname(file)) : undefined;
    return dirFailure === undefined ? result : failure(file)(dirFailure);
  });
}

async function writeOne(file: string, content: string, knownDirs: Set<string>): Promise<WriteStatus> {
  const data = Buffer.from(content, 'utf8');
  const existing = await readFile(file).catch(() => null);
  if (existing?.equals(data)) return 'unchanged';
  const dir = path.dirname(file);
  // Dot-prefixed so Hexo never renders a temp file a kill left behind.
  const temp = path.join(dir, `.${path.basename(file)}${TEMP_MARKER}${randomBytes(6).toString('hex')}`);
  try {
    if (!knownDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      knownDirs.add(dir);
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
    throw error;
  }
}

async function flushFolder(dir: string): Promise<void> {
  // Some systems cannot open or flush a folder (Windows: EISDIR, EPERM; some file systems:
  // EINVAL): the rename is as durable there as they make it.
  const handle = await open(dir, 'r').catch((error: unknown) => {
    if (isUnsupportedFolderSync(error)) return null;
    throw error;
  });
  if (!handle) return;
  try {
    await handle.sync();
  } catch (error) {
    if (!isUnsupportedFolderSync(error)) throw error;
  } finally {
    await handle.close();
  }
}

function isUnsupportedFolderSync(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EINVAL' || code === 'EISDIR' || code === 'EPERM' || code === 'ENOTSUP';
}

function failure(file: string): (error: unknown) => OutputError {
  return (error) => new OutputError(`cannot write ${file}`, { cause: error });
}

/** Deletes temp files that an interrupted run left under `root`; returns how many it removed. */
export function removeStaleTempFiles(root: string): Promise<number> {
  return sweepContainedFiles(root, (name) => name.includes(TEMP_MARKER));
}
