import { hash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { OutputError } from '../core/errors.js';
import { createContainedFolder } from '../io/contained-path.js';
import type { SiteFileWriter } from './site-file-writer.js';

/**
 * The manifest's post records (digest → [page key, cover]) live in segment files in this folder of
 * the site root, each named by a hash of its bytes. A build writes only the segments whose records
 * changed: at 20,000 posts one manifest file of 3.7 MB was serialized, compared and written whole
 * by every build, a fifth of a one-new-item build.
 */
export const SEGMENT_FOLDER = '.newsmill-posts';

/** A post's record: its page key (`postPageKey`) and its cover. */
export type PostRecord = readonly [string, string];

/** One segment file: its name, and the digests of its posts in plan order. */
export interface PostSegment {
  name: string;
  digests: readonly string[];
}

// A segment ends after a post whose digest ends in 0 modulo 512 (about 512 posts a segment, by the
// post's own digest, not its place: a new or removed post changes only the segment it falls in),
// or after SEGMENT_MAX posts, so that no segment grows without bound.
const SEGMENT_MASK = 0x1ff;
const SEGMENT_MAX = 4096;
const SEGMENT_NAME = /^[\w-]{27}\.json$/;

/** Whether `name`, read from a manifest anyone may edit, can name a segment file. */
export function isSegmentName(name: unknown): name is string {
  return typeof name === 'string' && SEGMENT_NAME.test(name);
}

function endsSegment(digest: string, length: number): boolean {
  return length >= SEGMENT_MAX || (Number.parseInt(digest.slice(-3), 16) & SEGMENT_MASK) === 0;
}

/**
 * Reads the named segments into one map, in their order. Null when any is missing or malformed:
 * a manifest is used whole or not at all.
 */
export async function readPostSegments(
  root: string,
  names: readonly unknown[],
): Promise<{ posts: Map<string, PostRecord>; segments: PostSegment[] } | null> {
  if (!names.every(isSegmentName)) return null;
  const texts = await Promise.all(
    names.map((name) => readFile(path.join(root, SEGMENT_FOLDER, name), 'utf8').catch(() => null)),
  );
  const posts = new Map<string, PostRecord>();
  const segments: PostSegment[] = [];
  for (const [index, text] of texts.entries()) {
    let flat: unknown;
    try {
      flat = text === null ? null : JSON.parse(text);
    } catch {
      return null;
    }
    if (!Array.isArray(flat) || flat.length % 3 !== 0) return null;
    const digests: string[] = [];
    for (let i = 0; i < flat.length; i += 3) {
      const digest = String(flat[i]);
      digests.push(digest);
      posts.set(digest, [String(flat[i + 1]), String(flat[i + 2])]);
    }
    segments.push({ name: names[index] as string, digests });
  }
  return { posts, segments };
}

/**
 * Writes the segments of `posts` (in plan order) that the previous build did not leave with the
 * same records, and returns every segment's name in order. A segment is reused unread when it
 * holds the same posts in the same order with the very record objects the previous build read
 * (`PostContent.coverRecord` hands back the cached pair when nothing changed).
 */
export async function writePostSegments(
  writer: SiteFileWriter,
  posts: ReadonlyMap<string, PostRecord>,
  previous: { posts: ReadonlyMap<string, PostRecord>; segments: readonly PostSegment[] },
): Promise<string[]> {
  const byFirst = new Map(previous.segments.map((segment) => [segment.digests[0], segment]));
  const names: string[] = [];
  let digests: string[] = [];
  const close = async (): Promise<void> => {
    const same = byFirst.get(digests[0]);
    const reused =
      same !== undefined &&
      same.digests.length === digests.length &&
      digests.every(
        (digest, index) => same.digests[index] === digest && posts.get(digest) === previous.posts.get(digest),
      );
    names.push(reused ? same.name : await writeSegment(writer, digests, posts));
    digests = [];
  };
  for (const digest of posts.keys()) {
    digests.push(digest);
    if (endsSegment(digest, digests.length)) await close();
  }
  if (digests.length > 0) await close();
  return names;
}

async function writeSegment(
  writer: SiteFileWriter,
  digests: readonly string[],
  posts: ReadonlyMap<string, PostRecord>,
): Promise<string> {
  const flat: string[] = [];
  for (const digest of digests) {
    const [key, cover] = posts.get(digest) ?? ['', ''];
    flat.push(digest, key, cover);
  }
  const text = `${JSON.stringify(flat)}\n`;
  const name = `${hash('sha1', text, 'base64url')}.json`;
  const result = await writer.write(`${SEGMENT_FOLDER}/${name}`, text);
  if (typeof result === 'object')
    throw new OutputError(`cannot write the build record ${SEGMENT_FOLDER}/${name}: ${result.refused}`);
  return name;
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
