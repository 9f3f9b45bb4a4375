import { rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import type { SiteContent } from './pages/page-request.js';
import type { SiteFileWriter } from './site-file-writer.js';
import { postDigestOf, postPath } from './site-paths.js';
import type { SitePost } from './site-posts.js';

/** A file the build wants to exist, with the key of its inputs and a way to render it. */
export interface PlannedFile {
  /** Path relative to the output root, with `/` separators. */
  path: string;
  key: string;
  render: () => SiteContent;
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
}

/** The planned files whose key differs from the one they had before (`previousKey`): the ones to render. */
export function pendingFiles(
  planned: readonly PlannedFile[],
  previousKey: (file: PlannedFile) => string | undefined,
): PlannedFile[] {
  return planned.filter((file) => previousKey(file) !== file.key);
}

/** Counts of the files written so far; `writeFiles` adds to them. */
export interface WriteCounts {
  written: number;
  unchanged: number;
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
    const write: Promise<void> = writer.write(file.path, file.render()).then(
      (status) => {
        if (status === 'written') counts.written++;
        else counts.unchanged++;
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
 * (`earlier`) that are no longer planned (a file newsmill did not write is never touched).
 */
export async function finishOutcome(
  root: string,
  planned: readonly PlannedFile[],
  pendingCount: number,
  earlier: EarlierFiles,
  counts: WriteCounts,
): Promise<WriteOutcome> {
  const outcome: WriteOutcome = { files: new Map(), ...counts, skipped: 0, deleted: 0 };
  // Writes finish in any order; the manifest lists files in plan order so equal builds match.
  let kept = 0;
  for (const file of planned)
    if (file.postDigest === undefined) outcome.files.set(file.path, file.key);
    else if (earlier.postDigests.has(file.postDigest)) kept++;
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
    if (outcome.files.has(file)) continue;
    const digest = postDigestOf(file);
    if (digest === null || !plannedDigests().has(digest)) stale.add(file);
  }
  if (kept !== earlier.postDigests.size)
    for (const digest of earlier.postDigests.keys())
      if (!plannedDigests().has(digest)) stale.add(postPath(digest));
  // Files go in parallel; then their folders, deepest first, each once, while they come out empty.
  await Promise.all([...stale].map((file) => rm(path.join(root, file), { force: true })));
  outcome.deleted = stale.size;
  const folders = new Set([...stale].map((file) => path.dirname(path.join(root, file))));
  for (const dir of [...folders].sort((a, b) => b.length - a.length)) await removeEmptyParents(root, dir);
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
