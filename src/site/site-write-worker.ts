/** Worker thread entry: renders and writes batches of site files with synchronous calls, off the main thread. */
import { parentPort, workerData } from 'node:worker_threads';
import type { SiteFrame } from './pages/page-layout.js';
import { SiteBatchWriter, type SiteWriteBatch, type SiteWriteTarget } from './site-batch-writer.js';

const { target, frame } = workerData as { target: SiteWriteTarget; frame: SiteFrame };
const writer = new SiteBatchWriter(target, frame);

parentPort?.on('message', (batch: SiteWriteBatch) => parentPort?.postMessage(writer.write(batch)));
