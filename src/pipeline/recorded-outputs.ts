import path from 'node:path';
import type { Config } from '../config/resolve-config.js';
import { createContainedFolder, type ContainedFolder } from '../io/contained-path.js';
import type { OutputKind } from '../store/store.js';

/** A recorded file judged against the folder its kind is written to. */
export type RecordedFileCheck =
  | { own: true; file: string }
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
    const checked = folders[kind]?.check(file) ?? null;
    if (checked === null) return null;
    return typeof checked === 'string'
      ? { own: true, file: checked }
      : { own: false, reason: checked.message };
  };
}
