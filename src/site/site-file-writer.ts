import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { OutputError } from '../core/errors.js';
import type { SiteFrame } from './pages/page-layout.js';
import { renderSiteContent, type SiteContent } from './pages/page-request.js';
import {
  siteTempName,
  type SiteWriteBatch,
  type SiteWriteResult,
  type SiteWriteTarget,
} from './site-batch-writer.js';

/** Where the build writes: the output root, or the staging folder a first build renames into place. */
export type SiteOutput = Omit<SiteWriteTarget, 'tag'>;

/** Writes files below the site's output folder. */
export interface SiteFileWriter {
  /** Writes `content` (rendered first, if a page) to `file` (relative to the root, `/`-separated) unless it already holds it. */
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
const WRITE_THREADS = 2;

/**
 * Creates the site's atomic writer: each file is written to a hidden temp file in its folder and
 * renamed over the target, so a reader or a crash sees the old file or the new one, never a part
 * (a staging folder, which nothing serves yet, is written in place). Unlike the Hexo writer it does not fsync: the site is rebuilt from the store at will, so surviving
 * a power loss is not worth an fsync per file, which cost more than the rest of a cold build
 * together. Folders are created once each, and files in a folder this build created are known to
 * be new, so no old bytes are read for them. Many files go through a worker thread, which turns
 * the file system's CPU time (creating inodes is costly) into parallel work instead of main-thread
 * stalls. Writer threads are separate from the content pool's: there they would wait behind
 * long index-building tasks, which made a cold 20,000-post build 14 % slower.
 */
export function createSiteFileWriter(output: SiteOutput, files: number, frame: SiteFrame): SiteFileWriter {
  const target: SiteWriteTarget = { ...output, tag: randomBytes(4).toString('hex') };
  if (files >= MIN_THREADED_FILES && import.meta.url.endsWith('.js'))
    return createThreadedWriter(target, frame);
  const { root, staged, tag } = target;
  const folders = new Map<string, Promise<boolean>>([[root, Promise.resolve(target.rootIsNew)]]);
  const ensureFolder = (dir: string): Promise<boolean> => {
    let isNew = folders.get(dir);
    if (!isNew) {
      isNew = ensureFolder(path.dirname(dir)).then(
        async () => (await mkdir(dir, { recursive: true })) !== undefined,
      );
      folders.set(dir, isNew);
    }
    return isNew;
  };
  let counter = 0;
  return {
    window: 16,
    async write(relative, content) {
      const file = path.join(root, relative);
      const dir = path.dirname(file);
      const data = Buffer.from(renderSiteContent(frame, content), 'utf8');
      const temp = staged ? file : path.join(dir, siteTempName(file, tag, counter++));
      try {
        if (!(await ensureFolder(dir)) && !staged) {
          const existing = await readFile(file).catch(() => null);
          if (existing?.equals(data)) return 'unchanged';
        }
        await writeFile(temp, data);
        if (temp !== file) await rename(temp, file);
        return 'written';
      } catch (error) {
        if (temp !== file) await rm(temp, { force: true }).catch(() => undefined);
        throw new OutputError(`cannot write ${file}`, { cause: error });
      }
    },
    close: async () => undefined,
  };
}

function createThreadedWriter(target: SiteWriteTarget, frame: SiteFrame): SiteFileWriter {
  type Waiter = { file: string; resolve(result: SiteWriteResult): void; reject(error: unknown): void };
  // Two threads: creating inodes is kernel CPU time, and it scales to the second core.
  const workers = Array.from({ length: WRITE_THREADS }, (_, index) => {
    const worker = new Worker(new URL('./site-write-worker.js', import.meta.url), {
      workerData: { target: { ...target, tag: `${target.tag}${index}` } satisfies SiteWriteTarget, frame },
    });
    const sent: Waiter[][] = [];
    worker.on('message', (results: Array<SiteWriteResult | { error: string }>) => {
      const done = sent.shift() ?? [];
      results.forEach((result, offset) => {
        const waiter = done[offset];
        if (typeof result === 'object')
          waiter?.reject(new OutputError(`cannot write ${waiter.file}: ${result.error}`));
        else waiter?.resolve(result);
      });
    });
    const thread = {
      worker,
      sent,
      failure: null as unknown,
      batch: [] as SiteWriteBatch,
      waiters: [] as Waiter[],
    };
    // A dead thread fails what it held and every later batch sent its way, rather than leave them hanging.
    worker.on('error', (error) => {
      thread.failure = error;
      for (const waiter of sent.splice(0).flat())
        waiter.reject(new OutputError(`cannot write ${waiter.file}`, { cause: error }));
    });
    return thread;
  });
  type Thread = (typeof workers)[number];
  const flush = (thread: Thread): void => {
    const { batch, waiters } = thread;
    if (batch.length === 0) return;
    if (thread.failure) {
      for (const waiter of waiters)
        waiter.reject(new OutputError(`cannot write ${waiter.file}`, { cause: thread.failure }));
    } else {
      thread.worker.postMessage(batch);
      thread.sent.push(waiters);
    }
    thread.batch = [];
    thread.waiters = [];
  };
  const flushAll = (): void => workers.forEach(flush);
  let turn = 0;
  // Each kind of page renders on one thread, which compiles (and after a deoptimization
  // recompiles) its renderer alone: both threads rendering lists spent twice the compile time.
  const threadFor = (content: SiteContent): Thread => {
    const lane = typeof content === 'string' ? turn++ : content.kind === 'list' ? 0 : 1;
    return workers[lane % workers.length] as Thread;
  };
  return {
    window: 1024,
    write(relative, content) {
      return new Promise((resolve, reject) => {
        const thread = threadFor(content);
        if (workers.every((each) => each.batch.length === 0)) setImmediate(flushAll);
        thread.batch.push([relative, content]);
        thread.waiters.push({ file: path.join(target.root, relative), resolve, reject });
        if (thread.batch.length >= BATCH) flush(thread);
      });
    },
    close: () => Promise.all(workers.map(({ worker }) => worker.terminate())).then(() => undefined),
  };
}

/** Deletes temp files an interrupted build left under `root`. */
export async function removeStaleSiteTemps(root: string): Promise<void> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  const stale = entries.filter((entry) => entry.isFile() && STALE_TEMP.test(entry.name));
  await Promise.all(stale.map((entry) => rm(path.join(entry.parentPath, entry.name), { force: true })));
}
