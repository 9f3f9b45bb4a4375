/** Worker thread entry: cleans batches of articles with the same code the main thread uses. */
import { parentPort } from 'node:worker_threads';
import { processItemContent } from '../content/process-content.js';
import type { ContentJob } from './content-pool.js';

parentPort?.on('message', (jobs: ContentJob[]) => {
  parentPort?.postMessage(jobs.map((job) => processItemContent(job.item, job.options)));
});
