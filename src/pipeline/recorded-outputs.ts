import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/resolve-config.js';
import { createContainedFolder, type ContainedFolder } from '../io/contained-path.js';
import { removeEmptyFolders } from '../io/empty-folders.js';
import type { OutputKind } from '../store/store.js';

/** A recorded file that is newsmill's to delete: its absolute path, and the output folder it is in. */
export interface OwnRecordedFile {
  own: true;
  file: string;
  root: string;
}

/** A recorded file judged against the folder its kind is written to. */
export type RecordedFileCheck =
  | OwnRecordedFile
  | { own: false; reason: string }
  // A kind with no folder configured now (Hexo output turned off): nothing of it to delete.
  | null;

/**
 * Judges the files the store recorded writing: only a path safely inside the folder its kind is
 * written to now is newsmill's to delete. Records come from a store that may be restored from a
 * cache or imported from an edited export, so every delete goes through this check.
 */
export function createRecordedFileCheck(
  config: Config,
): (output: { kind: OutputKind; file: string }) => RecordedFileCheck {
  const folders: Record<OutputKind, ContainedFolder | null> = {
    hexo: config.output.hexo
      ? createContainedFolder(path.join(config.output.hexo, 'source', '_posts'))
      : null,
    site: createContainedFolder(config.output.site),
  };
  return ({ kind, file }) => {
    const folder = folders[kind];
    const checked = folder?.check(file) ?? null;
    if (folder === null || checked === null) return null;
    return typeof checked === 'string'
      ? { own: true, file: checked, root: folder.root }
      : { own: false, reason: checked.message };
  };
}

/**
 * Deletes a recorded file, then the folders it leaves empty below its output folder: a category
 * whose posts all went (retention, a removed source) leaves no empty folder behind for years.
 */
export async function deleteRecordedFile({ file, root }: OwnRecordedFile): Promise<void> {
  await rm(file, { force: true });
  await removeEmptyFolders(root, path.dirname(file));
}
