import { availableParallelism } from 'node:os';
import { openItemReader, type ItemReader } from '../store/item-reader.js';
import type { ItemReaderSpec } from '../store/store.js';
import { loadContent, type LoadedContent, type LoadJob } from './load-content.js';
import {
  buildSearchBlock,
  type BuiltSearchBlock,
  type SearchBlockLayout,
  type SearchDoc,
} from './search/search-index.js';
import { SiteWorker } from './site-worker.js';

/** What a worker is asked to do. */
export type WorkerRequest =
  | { kind: 'load'; reader: ItemReaderSpec; jobs: readonly LoadJob[] }
  | { kind: 'search'; layout: SearchBlockLayout; docs: readonly SearchDoc[] };

/**
 * The build's CPU-heavy work, on worker threads when there is enough of it to pay for them:
 * reading and cleaning articles, and building search-index blocks.
 */
export interface ContentPool {
  /** Says that `jobs` articles are about to be cleaned, so workers start if that many pay for them. */
  expect(jobs: number): void;
  /** Whether work goes to worker threads (else it runs in-process). */
  readonly threaded: boolean;
  /** Reads and loads articles through the store view `reader` describes, opened by the worker. */
  load(reader: ItemReaderSpec, jobs: readonly LoadJob[]): Promise<LoadedContent[]>;
  /** Builds one index block; the returned promise lets the caller render other pages meanwhile. */
  searchBlock(layout: SearchBlockLayout, docs: readonly SearchDoc[]): Promise<BuiltSearchBlock>;
  /** Stops the workers; the pool works in-process afterwards. */
  close(): Promise<void>;
}

// Below this, cleaning on the main thread beats starting a worker (which loads the sanitizer):
// measured on two cores, 2,500 articles built in 0.81 s in-process against 0.90 s with a worker.
export const MIN_THREADED_JOBS = 5_000;
// A block this big takes long enough to build that it should not hold up the main thread.
const MIN_SEARCH_DOCS = 5_000;
// One core stays for the main thread, which renders and writes. On two cores a second worker made a
// cold 20,000-post build slower (2.64 s against 2.55 s, with 0.36 s more CPU): every extra thread
// competes for the same cores and compiles its own copy of the hot code.
const MAX_THREADS = 2;

interface Task {
  request: WorkerRequest;
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

type ContentWorker = SiteWorker<WorkerRequest, unknown>;

/**
 * Creates the pool. Workers start on first need and only when they can run (not from TypeScript
 * sources, as under the test runner, and not on one core); otherwise everything runs in-process.
 * Tasks queue for up to two long-lived workers, one fewer than the cores, each holding up to two.
 */
export function createContentPool(): ContentPool {
  const threads = Math.min(MAX_THREADS, availableParallelism() - 1);
  const canThread = threads >= 1 && import.meta.url.endsWith('.js');
  const queue: Task[] = [];
  const idle: ContentWorker[] = [];
  const workers: ContentWorker[] = [];
  let closed = false;
  let localReader: ItemReader | null = null;
  const dispatch = (): void => {
    while (queue.length > 0 && idle.length > 0) {
      const worker = idle.pop() as ContentWorker;
      const task = queue.shift() as Task;
      worker.request(task.request).then(
        (result) => {
          task.resolve(result);
          idle.push(worker);
          dispatch();
        },
        // A crashed worker fails the build: its task and every queued one reject instead of hanging.
        (error: unknown) => {
          task.reject(error);
          for (const queued of queue.splice(0)) queued.reject(error);
        },
      );
    }
  };
  const start = (): void => {
    if (!canThread || closed || workers.length > 0) return;
    for (let i = 0; i < threads; i++) {
      const worker: ContentWorker = new SiteWorker(new URL('./content-worker.js', import.meta.url), {
        keepsAlive: false,
      });
      workers.push(worker);
      // Two requests in flight per worker: the main thread renders and writes with synchronous
      // calls, so a worker handed its next task only once the main thread yields sat idle. With the
      // next one queued, a cold 20,000-post build took 4.60 s against 5.00 s with a writer thread
      // of its own (bench/RESULTS.md).
      idle.push(worker, worker);
    }
  };
  const run = <T>(request: WorkerRequest): Promise<T> =>
    new Promise((resolve, reject) => {
      queue.push({ request, resolve: resolve as (result: unknown) => void, reject });
      dispatch();
    });
  return {
    expect(jobs) {
      if (jobs >= MIN_THREADED_JOBS) start();
    },
    get threaded() {
      return workers.length > 0 && !closed;
    },
    load(reader, jobs) {
      if (workers.length > 0 && !closed && jobs.length > 0) return run({ kind: 'load', reader, jobs });
      localReader ??= openItemReader(reader);
      return Promise.resolve(loadContent(localReader, jobs));
    },
    searchBlock(layout, docs) {
      if (docs.length >= MIN_SEARCH_DOCS) start();
      if (workers.length === 0 || closed) return Promise.resolve(buildSearchBlock(layout, docs));
      return run({ kind: 'search', layout, docs });
    },
    async close() {
      closed = true;
      localReader?.close();
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
