/** Worker thread entry: cleans articles and builds index blocks with the main thread's code. */
import { parentPort } from 'node:worker_threads';
import { processItemContent } from '../content/process-content.js';
import type { WorkerRequest } from './content-pool.js';
import { buildSearchBlock } from './search/search-index.js';

parentPort?.on('message', (request: WorkerRequest) => {
  parentPort?.postMessage(
    request.kind === 'clean'
      ? request.jobs.map((job) => processItemContent(job.item, job.options))
      : buildSearchBlock(request.layout, request.docs),
  );
});
