import { rm } from 'node:fs/promises';
import path from 'node:path';
import { OutputError } from '../core/errors.js';
import { createContainedFolder } from '../io/contained-path.js';
import { removeEmptyFolders } from '../io/empty-folders.js';
import { foldCase, isSameFile } from '../io/same-file.js';
import type { SiteFileWriter } from './site-file-writer.js';
import { postDigestOf, postPath } from './site-paths.js';
import type { SitePost } from './site-posts.js';

/** A file the build wants to exist, with the key of its inputs and a way to render it. */
export interface PlannedFile {
  /** Path relative to the output root, with `/` separators. */
  path: string;
  key: string;
  render: () => string;
  /** Posts whose article the render reads: their text, and their cleaned HTML when `html` is set. */
  uses?: { posts: readonly SitePost[]; html: boolean };
  /** Set on a post's page, the post's digest: the manifest records the page by its post. */
  postDigest?: string;
}

/** What writing the planned files did. */
export interface WriteOutcome {
  /** File → key of every file but post pages (the manifest records those by post), in plan order. */
  files: Map<string, string>;
  written: number;
  unchanged: number;
  skipped: number;
  deleted: number;
  /** Paths refused for not being safely inside the output folder, each naming the path and why. */
  warnings: string[];
}

/** Where a planned file's earlier key comes from: the previous build, as far as it is trusted. */
export interface EarlierKeys {
  /** The key `file` had before, or undefined when it is new or that key is not trusted. */
  keyOf(file: PlannedFile): string | undefined;
}

/** The planned files whose key differs from the one they had before: the ones to render. */
export function pendingFiles(planned: readonly PlannedFile[], earlier: EarlierKeys): PlannedFile[] {
  return planned.filter((file) => earlier.keyOf(file) !== file.key);
}

/** Counts of the files written so far; `writeFiles` adds to them. */
export interface WriteCounts {
  written: number;
  unchanged: number;
  /** Planned files not written because their path left the output folder: path → refusal. */
  refused: Map<string, string>;
}

/**
 * Renders and writes `pending`, the planned files whose key differs from the previous manifest
 * (the others are skipped without rendering). Rendering stays on this thread, in plan order, each
 * file once `ready` says its inputs are; the writer works through a window of files. `sent` is
 * called once every file is handed to the writer, before the last writes finish.
 */
export async function writeFiles(
  writer: SiteFileWriter,
  pending: readonly PlannedFile[],
  counts: WriteCounts,
  ready?: (file: PlannedFile) => Promise<void> | undefined,
  sent?: () => void,
): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  for (const file of pending) {
    if (failure) break;
    // A file whose articles are still loading waits for them; the files before it are written meanwhile.
    const waiting = ready?.(file);
    if (waiting)
      try {
        await waiting;
      } catch (error) {
        failure = error;
        break;
      }
    let content: string;
    try {
      content = file.render();
    } catch (error) {
      failure = new OutputError(`cannot render ${file.path}`, { cause: error });
      break;
    }
    const write: Promise<void> = writer.write(file.path, content).then(
      (status) => {
        if (status === 'written') counts.written++;
        else if (status === 'unchanged') counts.unchanged++;
        else counts.refused.set(file.path, status.refused);
        inFlight.delete(write);
      },
      (error: unknown) => {
        failure ??= error;
        inFlight.delete(write);
      },
    );
    inFlight.add(write);
    if (inFlight.size >= writer.window) await Promise.race(inFlight);
  }
  if (!failure) sent?.();
  await Promise.all(inFlight);
  if (failure) throw failure;
}

/** The files of an earlier build: other files by path, post pages by their post's digest. */
export interface EarlierFiles {
  paths: Iterable<string>;
  postDigests: { has(digest: string): boolean; keys(): Iterable<string>; readonly size: number };
}

/**
 * Completes a build's outcome once every file is written: deletes the files an earlier build wrote
 * (`earlier`) that are no longer planned (a file newsmill did not write is never touched). Those
 * paths come from the manifest and the build journal, files anyone may edit: each is checked to be
 * inside `root`, and one that is not is reported, not deleted. A planned file the writer refused is
 * left out of the outcome's files, so the next build tries it again.
 */
export async function finishOutcome(
  root: string,
  planned: readonly PlannedFile[],
  pendingCount: number,
  earlier: EarlierFiles,
  counts: WriteCounts,
): Promise<WriteOutcome> {
  const { written, unchanged, refused } = counts;
  const warnings = [...refused].map(([, reason]) => `not writing a site file: ${reason}`);
  const outcome: WriteOutcome = { files: new Map(), written, unchanged, skipped: 0, deleted: 0, warnings };
  // Writes finish in any order; the manifest lists files in plan order so equal builds match.
  let kept = 0;
  for (const file of planned)
    if (file.postDigest === undefined) {
      if (!refused.has(file.path)) outcome.files.set(file.path, file.key);
    } else if (earlier.postDigests.has(file.postDigest)) kept++;
  outcome.skipped = planned.length - pendingCount;
  // The usual build needs no set of every post's digest: paths name no post pages, and when no
  // earlier post is gone a count tells.
  let digests: Set<string> | null = null;
  const plannedDigests = (): Set<string> =>
    (digests ??= new Set(
      planned.flatMap((file) => (file.postDigest === undefined ? [] : [file.postDigest])),
    ));
  const stale = new Set<string>();
  // Paths may name post pages too (an interrupted build's, a version 3 manifest's).
  for (const file of earlier.paths) {
    // A planned file the writer refused is not stale: it is retried, not deleted.
    if (outcome.files.has(file) || refused.has(file)) continue;
    const digest = postDigestOf(file);
    if (digest === null || !plannedDigests().has(digest)) stale.add(file);
  }
  if (kept !== earlier.postDigests.size)
    for (const digest of earlier.postDigests.keys())
      if (!plannedDigests().has(digest)) stale.add(postPath(digest));
  const folder = createContainedFolder(root);
  const doomed: string[] = [];
  // Kept files by case-folded path: made only when something is stale.
  let keptByFold: Map<string, string> | null = null;
  for (const file of stale) {
    const checked = folder.check(file);
    if (typeof checked !== 'string') {
      warnings.push(`not deleting a file an earlier build listed: ${checked.message}`);
      continue;
    }
    keptByFold ??= new Map([...outcome.files.keys()].map((kept) => [foldCase(kept), kept]));
    // A category renamed only in case (`news` → `News`): where the file system folds case, the old
    // spelling is the page this build just wrote.
    const twin = keptByFold.get(foldCase(file));
    const twinPath = twin === undefined ? null : folder.check(twin);
    if (typeof twinPath === 'string' && (await isSameFile(checked, twinPath))) continue;
    doomed.push(checked);
  }
  // Files go in parallel; then their folders, deepest first, each once, while they come out empty.
  const deleted = await Promise.all(
    doomed.map((file) =>
      rm(file, { force: true }).then(
        () => true,
        (error: unknown) => {
          // A listed folder (newsmill lists only files) is someone else's: it stays, with its content.
          if ((error as { code?: unknown }).code !== 'ERR_FS_EISDIR') throw error;
          warnings.push(`not deleting a file an earlier build listed: ${file} is a folder`);
          return false;
        },
      ),
    ),
  );
  outcome.deleted = deleted.filter(Boolean).length;
  const folders = new Set(doomed.map((file) => path.dirname(file)));
  for (const dir of [...folders].sort((a, b) => b.length - a.length))
    await removeEmptyFolders(folder.root, dir);
  return outcome;
}
