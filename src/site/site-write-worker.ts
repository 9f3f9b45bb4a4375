/** Worker thread entry: writes batches of site files with synchronous calls, off the main thread. */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { siteTempName, type SiteWriteResult } from './site-file-writer.js';

/** What the main thread sends: files relative to the root, with their content. */
export type SiteWriteBatch = Array<[file: string, content: string]>;

const { root, rootIsNew, tag } = workerData as { root: string; rootIsNew: boolean; tag: string };
// Folder → whether this build created it, so it holds nothing older to compare with.
const folders = new Map<string, boolean>([[root, rootIsNew]]);
let counter = 0;

function ensureFolder(dir: string): boolean {
  let isNew = folders.get(dir);
  if (isNew === undefined) {
    const first = mkdirSync(dir, { recursive: true });
    isNew = first !== undefined;
    // Every folder from the first one created down to `dir` is new.
    for (let folder = dir; isNew && folder.length >= (first ?? '').length; folder = path.dirname(folder))
      folders.set(folder, true);
    folders.set(dir, isNew);
  }
  return isNew;
}

function writeOne(relative: string, content: string): SiteWriteResult | { error: string } {
  const file = path.join(root, relative);
  const dir = path.dirname(file);
  const data = Buffer.from(content, 'utf8');
  const temp = path.join(dir, siteTempName(file, tag, counter++));
  try {
    if (!ensureFolder(dir)) {
      let existing: Buffer | null = null;
      try {
        existing = readFileSync(file);
      } catch {
        // Absent or unreadable: written below.
      }
      if (existing?.equals(data)) return 'unchanged';
    }
    writeFileSync(temp, data);
    renameSync(temp, file);
    return 'written';
  } catch (error) {
    rmSync(temp, { force: true });
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

parentPort?.on('message', (batch: SiteWriteBatch) => {
  parentPort?.postMessage(batch.map(([file, content]) => writeOne(file, content)));
});
