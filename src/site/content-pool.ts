import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ContentOptions, ProcessedContent } from '../content/process-content.js';
import type { FeedItem } from '../core/model.js';

/** One article to clean in a worker. */
export interface ContentJob {
  item: FeedItem;
  options: ContentOptions;
}

// Below this, starting workers costs more than it saves.
const MIN_JOBS = 400;
const BATCH = 250;

/**
 * Cleans articles on worker threads (sanitizing is CPU-bound and dominates a cold build). Returns
 * null when workers are not worth it or not available (running from TypeScript sources, as under
 * the test runner), so the caller cleans in-process.
 */
export async function processInWorkers(jobs: readonly ContentJob[]): Promise<ProcessedContent[] | null> {
  const workerUrl = new URL('./content-worker.js', import.meta.url);
  const threads = Math.min(4, availableParallelism());
  if (jobs.length < MIN_JOBS || threads < 2 || !import.meta.url.endsWith('.js')) return null;
  const results: ProcessedContent[] = new Array(jobs.length);
  let next = 0;
  const runWorker = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(workerUrl);
      let batchStart = 0;
      const send = (): void => {
        if (next >= jobs.length) {
          void worker.terminate().then(() => resolve());
          return;
        }
        batchStart = next;
        next = Math.min(jobs.length, next + BATCH);
        worker.postMessage(jobs.slice(batchStart, next));
      };
      worker.on('message', (batch: ProcessedContent[]) => {
        batch.forEach((result, offset) => (results[batchStart + offset] = result));
        send();
      });
      worker.on('error', reject);
      send();
    });
  await Promise.all(Array.from({ length: threads }, runWorker));
  return results;
}
