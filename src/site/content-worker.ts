/** Worker thread entry: loads and cleans articles and builds index blocks with the main thread's code. */
import { parentPort } from 'node:worker_threads';
import { openItemReader, type ItemReader } from '../store/item-reader.js';
import type { WorkerRequest } from './content-pool.js';
import { loadContent } from './load-content.js';
import { buildSearchBlock } from './search/search-index.js';

// One read-only connection per store for the worker's life.
const readers = new Map<string, ItemReader>();

function answer(request: WorkerRequest): unknown {
  switch (request.kind) {
    case 'load': {
      let reader = readers.get(request.reader.id);
      if (!reader) readers.set(request.reader.id, (reader = openItemReader(request.reader)));
      return loadContent(reader, request.jobs);
    }
    case 'search':
      return buildSearchBlock(request.layout, request.docs);
  }
}

parentPort?.on('message', (request: WorkerRequest) => parentPort?.postMessage(answer(request)));
