import { hash } from 'node:crypto';
import { access, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { OutputError } from '../core/errors.js';
import { createContainedFolder } from '../io/contained-path.js';
import type { SiteFileWriter } from './site-file-writer.js';

/**
 * The manifest's post records (digest → [page key, cover]) live in segment files in this folder of
 * the site root. A segment is named by a hash of the configuration and of what its posts' page keys
 * are made of, which a build computes from its plan before reading anything: a segment whose name the
 * previous manifest holds has every page unchanged, and is neither read nor written again (at
 * 20,000 posts one manifest file of 3.7 MB was read, serialized and written whole by every build).
 */
export const SEGMENT_FOLDER = '.newsmill-posts';

/** A post's record: its page key (`postPageKey`) and its cover. */
export type PostRecord = readonly [string, string];

// A segment ends after a post whose digest ends in 0 modulo 512 (about 512 posts a segment, cut by
// each post's own digest, not its place: a new or removed post changes only the segment it falls
// in), or after SEGMENT_MAX posts, so that no segment grows without bound.
const SEGMENT_MASK = 0x1ff;
const SEGMENT_MAX = 4096;
const SEGMENT_NAME = /^[\w-]{27}\.json$/;

/** Whether `name`, read from a manifest anyone may edit, can name a segment file. */
export function isSegmentName(name: unknown): name is string {
  return typeof name === 'string' && SEGMENT_NAME.test(name);
}

/** Whether a segment of `length` posts ends after the post of `digest` (hex). */
export function endsSegment(digest: string, length: number): boolean {
  return length >= SEGMENT_MAX || (Number.parseInt(digest.slice(-3), 16) & SEGMENT_MASK) === 0;
}

/** A segment's name: a hash of the parts it is named by (post-records.ts says which). */
export function segmentName(parts: readonly string[]): string {
  return `${hash('sha1', parts.join('\n'), 'base64url')}.json`;
}

/** Reads a JSON file of the segments' folder; null when it is missing or not JSON. */
export async function readSegmentJson(root: string, name: string): Promise<unknown> {
  const text = await readFile(path.join(root, SEGMENT_FOLDER, name), 'utf8').catch(() => null);
  try {
    return text === null ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

/**
 * Reads a JSON file of the segments' folder whose name is a hash of its kind and its text
 * (`segmentName([kind, text])`), as the site head's files are; null when it is missing, edited
 * (its name no longer matches its bytes) or not JSON.
 */
export async function readContentNamedJson(
  root: string,
  kind: string,
  name: string,
): Promise<{ json: unknown } | null> {
  const text = await readFile(path.join(root, SEGMENT_FOLDER, name), 'utf8').catch(() => null);
  if (text === null || segmentName([kind, text]) !== name) return null;
  try {
    return { json: JSON.parse(text) as unknown };
  } catch {
    return null;
  }
}

/** Reads one segment's records; null when it is missing or malformed. */
export async function readSegment(root: string, name: string): Promise<Map<string, PostRecord> | null> {
  const flat = await readSegmentJson(root, name);
  if (!Array.isArray(flat) || flat.length % 3 !== 0) return null;
  const records = new Map<string, PostRecord>();
  for (let i = 0; i < flat.length; i += 3)
    records.set(String(flat[i]), [String(flat[i + 1]), String(flat[i + 2])]);
  return records;
}

/** Writes a segment of `[digest, page key, cover, …]` under `name`. */
export async function writeSegment(
  writer: SiteFileWriter,
  name: string,
  flat: readonly string[],
): Promise<void> {
  await writeSegmentFile(writer, name, `${JSON.stringify(flat)}\n`);
}

/**
 * Writes the record `name` (named by what it holds) unless one of that name is there already:
 * records are written atomically, so one that is there is whole. `text` is made only when written.
 */
export async function writeSegmentFileOnce(
  writer: SiteFileWriter,
  root: string,
  name: string,
  text: () => string,
): Promise<void> {
  const there = await access(path.join(root, SEGMENT_FOLDER, name)).then(
    () => true,
    () => false,
  );
  if (!there) await writeSegmentFile(writer, name, text());
}

/** Writes a build record of the segments' folder (a segment, the site's head) under `name`. */
export async function writeSegmentFile(writer: SiteFileWriter, name: string, text: string): Promise<void> {
  const file = `${SEGMENT_FOLDER}/${name}`;
  const result = await writer.write(file, text);
  if (typeof result === 'object')
    throw new OutputError(`cannot write the build record ${file}: ${result.refused}`);
}

/**
 * Deletes the segment files the manifest just written does not name: the previous build's that
 * changed, and any a killed build wrote. Each goes through the containment check, so a segment
 * folder that is a symlink out of the site deletes nothing.
 */
export async function sweepPostSegments(root: string, keep: readonly string[]): Promise<void> {
  const kept = new Set(keep);
  const names = await readdir(path.join(root, SEGMENT_FOLDER)).catch(() => [] as string[]);
  const folder = createContainedFolder(root);
  const stale = names.filter((name) => isSegmentName(name) && !kept.has(name));
  await Promise.all(
    stale.map((name) => {
      const file = folder.check(`${SEGMENT_FOLDER}/${name}`);
      return typeof file === 'string' ? rm(file, { force: true }) : undefined;
    }),
  );
}
