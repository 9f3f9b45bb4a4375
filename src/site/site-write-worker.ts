/** Worker thread entry: writes batches of site files with synchronous calls, off the main thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { SiteBatchWriter, type SiteWriteBatch, type SiteWriteTarget } from './site-batch-writer.js';

const writer = new SiteBatchWriter(workerData as SiteWriteTarget);

parentPort?.on('message', (batch: SiteWriteBatch) => parentPort?.postMessage(writer.write(batch)));
