import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The marker's name in the site folder; a finished build leaves none. */
export const JOURNAL_MARKER = '.newsmill-building';

/**
 * The marker of a build in progress in a live site folder. It lists the files the build may write
 * that the manifest does not know, so that when a build is killed the next one knows it was, and
 * which files only that build wrote. Anyone may edit it: the build checks each path it lists before
 * deleting it.
 */
export interface BuildJournal {
  /** What an interrupted build left: the files it may have written beyond the manifest's. */
  interrupted: { files: string[] } | null;
  /** Adds files this build is about to write, before it writes them. */
  record(files: Iterable<string>): Promise<void>;
  /** Removes the marker once the manifest is written. */
  finish(): Promise<void>;
}

/** Opens the journal of `root`, carrying over the files of an interrupted build. */
export async function openBuildJournal(root: string): Promise<BuildJournal> {
  const marker = path.join(root, JOURNAL_MARKER);
  const left = await readFile(marker, 'utf8').then(
    (text) => text,
    () => null,
  );
  const interrupted = left === null ? null : { files: parseFiles(left) };
  const files = new Set(interrupted?.files);
  const save = async (text: string): Promise<void> => {
    // Replaced whole, so a build killed while saving leaves the previous list, not half of one;
    // and a marker that is a symlink is replaced, never written through to what it points at.
    // Named so that the stale-temp sweep of a later build removes it if a kill leaves it behind.
    const temp = `${marker}.newsmill-tmp-${randomBytes(4).toString('hex')}`;
    await writeFile(temp, text, { flag: 'wx' });
    await rename(temp, marker);
  };
  const saveFiles = (): Promise<void> => save(`${JSON.stringify({ files: [...files] })}\n`);
  // The marker must exist before anything is written; an empty one says "no files yet".
  await (files.size > 0 ? saveFiles() : save(''));
  return {
    interrupted,
    async record(paths) {
      const before = files.size;
      for (const file of paths) files.add(file);
      if (files.size !== before) await saveFiles();
    },
    finish: () => rm(marker, { force: true }),
  };
}

function parseFiles(text: string): string[] {
  try {
    const parsed = JSON.parse(text) as { files?: unknown };
    return Array.isArray(parsed.files) ? parsed.files.filter((file) => typeof file === 'string') : [];
  } catch {
    // An empty marker (older builds wrote one) or a damaged one: nothing is known of its files.
    return [];
  }
}
