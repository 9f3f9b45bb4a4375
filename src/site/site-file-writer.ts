import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { OutputError } from '../core/errors.js';
import { sweepContainedFiles } from '../io/contained-path.js';
import type { SiteFrame } from './pages/page-layout.js';
import type { SiteContent } from './pages/page-request.js';
import {
  SiteBatchWriter,
  type SiteWriteBatch,
  type SiteWriteResult,
  type SiteWriteTarget,
} from './site-batch-writer.js';
import { SiteWorker } from './site-worker.js';

/** Where the build writes: the output root, or the staging folder a first build renames into place. */
export type SiteOutput = Omit<SiteWriteTarget, 'tag'>;

/** Writes files below the site's output folder. */
export interface SiteFileWriter {
  /**
   * Writes `content` (rendered first, if a page) to `file` (relative to the root, `/`-separated)
   * unless it already holds it, or refuses a path that is not safely inside the root.
   */
  write(file: string, content: SiteContent): Promise<SiteWriteResult>;
  /** How many writes may be in flight at once. */
  window: number;
  close(): Promise<void>;
}

// Also the Hexo writer's marker, which earlier site builds used.
const STALE_TEMP = /\.newsmill-(?:site-)?tmp-/;
// A worker pays off past a few hundred files; a batch is big enough to amortize a message.
const MIN_THREADED_FILES = 500;
const BATCH = 64;

/**
 * Creates the site's atomic writer: each file is written to a hidden temp file in its folder and
 * renamed over the target, so a reader or a crash sees the old file or the new one, never a part
 * (a staging folder, which nothing serves yet, is written in place). Unlike the Hexo writer it does not fsync: the site is rebuilt from the store at will, so surviving
 * a power loss is not worth an fsync per file, which cost more than the rest of a cold build
 * together. Folders are created once each, and files in a folder this build created are known to
 * be new, so no old bytes are read for them. Many files go through a worker thread, which renders
 * the post and list pages and turns the file system's CPU time (creating inodes is costly) into
 * parallel work instead of main-thread stalls. It is separate from the content pool's threads:
 * there writes would wait behind long index-building tasks, which made a cold 20,000-post build
 * 14 % slower. It is one thread: with the rendering on it, a second one made a cold 20,000-post
 * build slower (3.30 s against 3.04 s, alternating runs), since every thread competes for the
 * same two cores and compiles its own copy of the renderers.
 */
export function createSiteFileWriter(output: SiteOutput, files: number, frame: SiteFrame): SiteFileWriter {
  const target: SiteWriteTarget = { ...output, tag: randomBytes(4).toString('hex') };
  if (files >= MIN_THREADED_FILES && import.meta.url.endsWith('.js'))
    return createThreadedWriter(target, frame);
  // Few files: written on this thread, with the same code the writer thread runs.
  const writer = new SiteBatchWriter(target, frame);
  return {
    window: 16,
    async write(relative, content) {
      const [result] = writer.write({ files: [[relative, content]] });
      if (result === undefined || isFailure(result))
        throw new OutputError(`cannot write ${path.join(target.root, relative)}: ${result?.error}`);
      return result;
    },
    close: async () => undefined,
  };
}

function createThreadedWriter(target: SiteWriteTarget, frame: SiteFrame): SiteFileWriter {
  type Waiter = { file: string; resolve(result: SiteWriteResult): void; reject(error: unknown): void };
  const worker = new SiteWorker<SiteWriteBatch, Array<SiteWriteResult | { error: string }>>(
    new URL('./site-write-worker.js', import.meta.url),
    { workerData: { target, frame }, keepsAlive: true },
  );
  let batch: SiteWriteBatch = { files: [] };
  let waiters: Waiter[] = [];
  const flush = (): void => {
    if (batch.files.length === 0) return;
    const done = waiters;
    worker.request(batch).then(
      (results) =>
        results.forEach((result, offset) => {
          const waiter = done[offset];
          if (isFailure(result))
            waiter?.reject(new OutputError(`cannot write ${waiter.file}: ${result.error}`));
          else waiter?.resolve(result);
        }),
      // A dead thread fails what it held and every later batch, rather than leave them hanging.
      (error: unknown) => {
        for (const waiter of done)
          waiter.reject(new OutputError(`cannot write ${waiter.file}`, { cause: error }));
      },
    );
    batch = { files: [] };
    waiters = [];
  };
  return {
    window: 1024,
    write(relative, content) {
      return new Promise((resolve, reject) => {
        if (batch.files.length === 0) setImmediate(flush);
        batch.files.push([relative, content]);
        waiters.push({ file: path.join(target.root, relative), resolve, reject });
        if (batch.files.length >= BATCH) flush();
      });
    },
    close: () => worker.terminate(),
  };
}

function isFailure(result: SiteWriteResult | { error: string }): result is { error: string } {
  return typeof result === 'object' && 'error' in result;
}

/** Deletes temp files an interrupted build left under `root`. */
export async function removeStaleSiteTemps(root: string): Promise<void> {
  await sweepContainedFiles(root, (name) => STALE_TEMP.test(name));
}
