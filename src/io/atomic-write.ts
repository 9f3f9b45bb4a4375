import { randomBytes } from 'node:crypto';
import { close, fsync, open as openFd, writeFile as writeFd } from 'node:fs';
import { open, readFile, rename, rm, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { OutputError } from '../core/errors.js';
import { sweepContainedFiles } from './contained-path.js';

const TEMP_MARKER = '.newsmill-tmp-';
// Temp names need only be unique among this process's writes ('wx' refuses any clash): a random
// prefix per process and a counter, where random bytes per file cost a tenth of a post's write.
const TEMP_PREFIX = randomBytes(4).toString('hex');
let tempCounter = 0;

/** Options of an atomic write. */
export interface AtomicWriteOptions {
  /** The folders a writer of many files made or found: shared, so that each is made once. */
  folders?: OutputFolders;
}

/**
 * The folders a writer of many files writes into, each made once however many writes wait on it.
 * In a folder it made, a file exists only if the writer wrote it since (the writer holds the
 * output's lock), so a new file there is written without first reading a file that is not there:
 * on a first publish that failed read was a tenth of a post's work on the main thread.
 */
export class OutputFolders {
  private readonly folders = new Map<string, Promise<Set<string> | null>>();

  /** Makes `dir` and its parents once; resolves to the names written into it since, or null when it was there before. */
  ensure(dir: string): Promise<Set<string> | null> {
    let folder = this.folders.get(dir);
    if (!folder) {
      folder = mkdir(dir, { recursive: true }).then((made) =>
        made === undefined ? null : new Set<string>(),
      );
      folder.catch(() => this.folders.delete(dir));
      this.folders.set(dir, folder);
    }
    return folder;
  }

  /** Forgets `dir`, which turned out to be gone (an empty folder removed since), to make it again. */
  forget(dir: string): void {
    this.folders.delete(dir);
  }
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
  const folders = options.folders ?? new OutputFolders();
  const results = await Promise.all(
    files.map(({ file, content }) => writeOne(file, content, folders).catch(failure(file))),
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

async function writeOne(file: string, content: string, folders: OutputFolders): Promise<WriteStatus> {
  const data = Buffer.from(content, 'utf8');
  const dir = path.dirname(file);
  const name = path.basename(file);
  // Dot-prefixed so Hexo never renders a temp file a kill left behind.
  const temp = path.join(dir, `.${name}${TEMP_MARKER}${TEMP_PREFIX}${(tempCounter++).toString(36)}`);
  let written: Set<string> | null;
  try {
    written = await folders.ensure(dir);
  } catch (error) {
    throw failure(file)(error);
  }
  if (written === null || written.has(name)) {
    const existing = await readFile(file).catch(() => null);
    if (existing?.equals(data)) return 'unchanged';
  }
  try {
    // File descriptors through the callback API: a FileHandle per file cost the main thread more
    // than the write itself.
    const fd = await openTemp(temp).catch(async (error: NodeJS.ErrnoException) => {
      // The folder was made or found earlier and removed since, when the posts of its category
      // went (retention, a removed source): make it again, once.
      if (error.code !== 'ENOENT') throw error;
      folders.forget(dir);
      await folders.ensure(dir);
      return openTemp(temp);
    });
    try {
      await call((done) => writeFd(fd, data, done));
      await call((done) => fsync(fd, done));
    } finally {
      await call((done) => close(fd, done));
    }
    await rename(temp, file);
    written?.add(name);
    return 'written';
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

function openTemp(temp: string): Promise<number> {
  return call<number>((done) => openFd(temp, 'wx', 0o666, done));
}

/** Runs a callback-style fs call as a promise. */
function call<T = void>(
  start: (done: (error: NodeJS.ErrnoException | null, value?: T) => void) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    start((error, value) => (error ? reject(error) : resolve(value as T)));
  });
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
