import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  processItemContent,
  type ContentOptions,
  type ProcessedContent,
} from '../content/process-content.js';
import type { FeedItem } from '../core/model.js';

/** One article to clean in a worker. */
export interface ContentJob {
  item: FeedItem;
  options: ContentOptions;
}

/** Cleans batches of articles, on worker threads when the build is big enough to pay for them. */
export interface ContentPool {
  clean(jobs: readonly ContentJob[]): Promise<ProcessedContent[]>;
  /** Stops the workers; the pool cleans in-process afterwards. */
  close(): Promise<void>;
}

// Below this, starting workers (each loads the sanitizer) costs more than it saves.
const MIN_JOBS = 400;
// One worker per core: the main thread meanwhile mostly waits on SQLite and the file system.
const MAX_THREADS = 2;

interface Task {
  jobs: readonly ContentJob[];
  resolve(results: ProcessedContent[]): void;
  reject(error: unknown): void;
}

/**
 * Creates the pool for a build expected to clean `expectedJobs` articles. It cleans in-process when
 * workers are not worth it or not available (running from TypeScript sources, as under the test
 * runner); otherwise batches queue for up to two long-lived workers.
 */
export function createContentPool(expectedJobs: number): ContentPool {
  const threads = Math.min(MAX_THREADS, availableParallelism());
  const inProcess = (jobs: readonly ContentJob[]): ProcessedContent[] =>
    jobs.map((job) => processItemContent(job.item, job.options));
  if (expectedJobs < MIN_JOBS || threads < 2 || !import.meta.url.endsWith('.js'))
    return { clean: async (jobs) => inProcess(jobs), close: async () => undefined };
  const queue: Task[] = [];
  const idle: Worker[] = [];
  const workers: Worker[] = [];
  const busy = new Map<Worker, Task>();
  const dispatch = (): void => {
    while (queue.length > 0 && idle.length > 0) {
      const worker = idle.pop() as Worker;
      const task = queue.shift() as Task;
      busy.set(worker, task);
      worker.postMessage(task.jobs);
    }
  };
  for (let i = 0; i < threads; i++) {
    const worker = new Worker(new URL('./content-worker.js', import.meta.url));
    worker.unref();
    worker.on('message', (results: ProcessedContent[]) => {
      busy.get(worker)?.resolve(results);
      busy.delete(worker);
      idle.push(worker);
      dispatch();
    });
    // A crashed worker fails the build: its batch and every queued one reject instead of hanging.
    worker.on('error', (error) => {
      busy.get(worker)?.reject(error);
      busy.delete(worker);
      for (const task of queue.splice(0)) task.reject(error);
    });
    workers.push(worker);
    idle.push(worker);
  }
  let closed = false;
  return {
    clean(jobs) {
      if (closed || jobs.length === 0) return Promise.resolve(inProcess(jobs));
      return new Promise((resolve, reject) => {
        queue.push({ jobs, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
