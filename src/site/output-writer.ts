import { createHash } from 'node:crypto';
import { rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../posts/atomic-write.js';
import type { ManifestFile } from './site-manifest.js';

/** A file the build wants to exist, with the key of its inputs and a way to render it. */
export interface PlannedFile {
  /** Path relative to the output root, with `/` separators. */
  path: string;
  key: string;
  render: () => string;
}

/** What writing the planned files did. */
export interface WriteOutcome {
  files: Record<string, ManifestFile>;
  written: number;
  unchanged: number;
  skipped: number;
  deleted: number;
}

const PARALLEL_WRITES = 16;

/**
 * Renders and writes the planned files whose key differs from the previous manifest (the rest are
 * skipped without rendering), then deletes files the previous build wrote that are no longer
 * planned; a file newsmill did not write is never touched.
 */
export async function writePlannedFiles(
  root: string,
  planned: readonly PlannedFile[],
  previous: Record<string, ManifestFile>,
): Promise<WriteOutcome> {
  const outcome: WriteOutcome = { files: {}, written: 0, unchanged: 0, skipped: 0, deleted: 0 };
  const pending: PlannedFile[] = [];
  for (const file of planned) {
    const before = previous[file.path];
    if (before && before.key === file.key) {
      outcome.files[file.path] = before;
      outcome.skipped++;
    } else pending.push(file);
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < pending.length) {
      const file = pending[next++] as PlannedFile;
      const content = file.render();
      const hash = createHash('sha256').update(content).digest('hex').slice(0, 16);
      outcome.files[file.path] = { key: file.key, hash };
      const status = await writeFileAtomic(path.join(root, file.path), content);
      if (status === 'written') outcome.written++;
      else outcome.unchanged++;
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_WRITES }, worker));
  // Writes finish in any order; the manifest lists files in plan order so equal builds match.
  const written = outcome.files;
  outcome.files = {};
  for (const file of planned) outcome.files[file.path] = written[file.path] as ManifestFile;
  const stale = Object.keys(previous).filter((file) => !(file in outcome.files));
  for (const file of stale) {
    await rm(path.join(root, file), { force: true });
    await removeEmptyParents(root, path.dirname(path.join(root, file)));
    outcome.deleted++;
  }
  return outcome;
}

async function removeEmptyParents(root: string, dir: string): Promise<void> {
  while (dir.startsWith(root) && dir !== root) {
    // rmdir refuses a folder that still holds anything, including files someone else put there.
    const removed = await rmdir(dir).then(
      () => true,
      () => false,
    );
    if (!removed) return;
    dir = path.dirname(dir);
  }
}
