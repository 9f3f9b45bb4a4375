/**
 * Worker thread entry: loads and cleans articles, builds index blocks and writes site files, with
 * the main thread's code.
 */
import { parentPort } from 'node:worker_threads';
import { openItemReader, type ItemReader } from '../store/item-reader.js';
import type { WorkerRequest } from './content-pool.js';
import { loadContent } from './load-content.js';
import { SiteBatchWriter } from './site-batch-writer.js';
import { buildSearchBlock } from './search/search-index.js';

// One read-only connection per store file for the worker's life.
const readers = new Map<string, ItemReader>();
// One writer per build's output root and tag, so folders are created once each.
const writers = new Map<string, SiteBatchWriter>();

function answer(request: WorkerRequest): unknown {
  switch (request.kind) {
    case 'load': {
      let reader = readers.get(request.reader.file);
      if (!reader) readers.set(request.reader.file, (reader = openItemReader(request.reader)));
      return loadContent(reader, request.jobs);
    }
    case 'search':
      return buildSearchBlock(request.layout, request.docs);
    case 'write': {
      const id = `${request.target.root}\u0000${request.target.tag}`;
      let writer = writers.get(id);
      if (!writer) writers.set(id, (writer = new SiteBatchWriter(request.target)));
      return writer.write(request.files);
    }
  }
}

parentPort?.on('message', (request: WorkerRequest) => parentPort?.postMessage(answer(request)));
