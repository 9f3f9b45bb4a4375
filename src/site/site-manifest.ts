import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isSegmentName, sweepPostSegments, type PostRecord } from './manifest-segments.js';
import type { SiteFileWriter } from './site-file-writer.js';

/** The manifest's file name inside the output folder. */
export const MANIFEST_FILE = '.newsmill-site.json';

/** What the manifest remembers of one search-index block. */
export interface ManifestSearchBlock {
  key: string;
  postings: Array<string | null>;
  docs: string[];
}

/**
 * The record of one build: every file newsmill wrote (so stale ones can be deleted without touching
 * anything else), plus cached per-post covers so an incremental build need not clean every article.
 * It holds no times, so two builds of the same store leave identical bytes.
 */
export interface SiteManifest {
  /** Hash of the configuration and templates the build used. */
  config: string;
  /**
   * File → the key of everything it was rendered from: equal key, equal bytes. In plan order. Post
   * pages are left out: `posts` records them.
   */
  files: ReadonlyMap<string, string>;
  /** Block start → the block's files. */
  search: Record<string, ManifestSearchBlock>;
  /**
   * The segment files of its post records (manifest-segments.ts, post-records.ts): post digest →
   * [page key, cover URL]. The post's page (`postPath(digest)`) was rendered with that key.
   */
  segments: readonly string[];
  /** The post records of a version 3 or 4 manifest, which held them itself; null from version 5. */
  inline: ReadonlyMap<string, PostRecord> | null;
  /** What the build read, for a next build that finds the same (`inputsKey`); null when it may not skip. */
  inputs: BuildInputs | null;
}

/** The store's summary of its items (the store's `ItemsMark`), as a build records it. */
export interface RecordedMark {
  count: number;
  changes: string;
  latest: string | null;
}

/**
 * The key of everything a build read (`inputsKey`) and what it made of it: a build that
 * finds the same key writes nothing and reports these. Absent when the next build must not skip
 * (the writer refused a file, which the next build tries again).
 */
export interface BuildInputs {
  key: string;
  posts: number;
  files: number;
  /** The key of the settings alone (`key` is of the settings and the mark). */
  settings: string;
  /** The store's items mark the build read (`ItemsMark`). */
  mark: RecordedMark;
  /** The name of the site's head file (`site-head.ts`) in the post records' folder. */
  head: string;
}

/**
 * On disk the maps are flat arrays (`[file, key, file, key, …]`): at 20,000 posts they parse and
 * serialize several times faster than objects with one property per file. Version 5 keeps the post
 * records in segment files; versions 3 (which listed post pages in `files` too) and 4 (records in
 * `covers`) still read, so the first build after an upgrade deletes stale files.
 */
interface ManifestJson {
  version: 3 | 4 | 5;
  config: string;
  files: string[];
  covers?: string[];
  segments?: readonly unknown[];
  search: Record<string, ManifestSearchBlock>;
  inputs?: unknown;
}

/** Reads the previous build's manifest; null when there is none or it is unreadable. */
export async function readSiteManifest(root: string): Promise<SiteManifest | null> {
  let value: ManifestJson;
  let text: string;
  try {
    text = await readFile(path.join(root, MANIFEST_FILE), 'utf8');
    value = JSON.parse(text) as ManifestJson;
  } catch {
    return null;
  }
  if (!Array.isArray(value?.files)) return null;
  const v5 = value.version === 5 && Array.isArray(value.segments) && value.segments.every(isSegmentName);
  const inline = (value.version === 3 || value.version === 4) && Array.isArray(value.covers);
  if (!v5 && !inline) return null;
  const files = new Map<string, string>();
  for (let i = 0; i + 1 < value.files.length; i += 2)
    files.set(String(value.files[i]), String(value.files[i + 1]));
  return {
    config: String(value.config),
    files,
    search: searchOf(value.search),
    segments: v5 ? (value.segments as string[]) : [],
    inline: inline ? inlinePosts(value.covers ?? []) : null,
    inputs: v5 ? inputsOf(value.inputs, text) : null,
  };
}

/**
 * The recorded inputs, only when the rest of the manifest is as the build wrote it: a build that
 * skips must leave what a build that goes on would, and an edited file list would have that one
 * delete files (or warn about them).
 */
function inputsOf(json: unknown, text: string): BuildInputs | null {
  const { key, posts, files, settings, mark, head, manifest } = (json ?? {}) as Record<string, unknown>;
  const count = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
  if (typeof key !== 'string' || !count(posts) || !count(files)) return null;
  if (typeof settings !== 'string' || !isSegmentName(head)) return null;
  const { count: items, changes, latest } = (mark ?? {}) as Record<string, unknown>;
  if (!count(items) || typeof changes !== 'string' || !(latest === null || typeof latest === 'string'))
    return null;
  const at = text.lastIndexOf(INPUTS_PROPERTY);
  if (at < 0 || manifest !== bodyDigest(`${text.slice(0, at)}}`)) return null;
  return { key, posts, files, settings, mark: { count: items, changes, latest }, head };
}

// The inputs are the manifest's last property, and name a digest of the text before them.
const INPUTS_PROPERTY = ',"inputs":';

function bodyDigest(body: string): string {
  return createHash('sha1').update(body).digest('base64url');
}

function inlinePosts(covers: readonly unknown[]): Map<string, PostRecord> {
  const posts = new Map<string, PostRecord>();
  for (let i = 0; i + 2 < covers.length; i += 3)
    posts.set(String(covers[i]), [String(covers[i + 1]), String(covers[i + 2])]);
  return posts;
}

// What `buildSearchBlock` names a block's files: `search/<start>-t<bucket>.<hash>.json` and `-d<n>`.
const SEARCH_FILE = /^search\/\w[\w.-]*\.json$/;

/**
 * The search blocks a build may reuse. A reused block's file names are planned as they are and
 * listed in the index the browser loads, so a block naming anything but a file of the `search/`
 * folder (an edited manifest) is dropped, and rebuilt.
 */
function searchOf(json: unknown): Record<string, ManifestSearchBlock> {
  const blocks: Record<string, ManifestSearchBlock> = {};
  if (typeof json !== 'object' || json === null) return blocks;
  for (const [start, block] of Object.entries(json as Record<string, Partial<ManifestSearchBlock>>)) {
    const { key, postings, docs } = block ?? {};
    if (typeof key !== 'string' || !Array.isArray(postings) || !Array.isArray(docs)) continue;
    const names: unknown[] = [...postings, ...docs];
    if (names.every((name) => name === null || (typeof name === 'string' && SEARCH_FILE.test(name))))
      blocks[start] = { key, postings, docs };
  }
  return blocks;
}

/** What a build records of itself. */
export type RecordedManifest = Pick<SiteManifest, 'config' | 'files' | 'search' | 'segments' | 'inputs'>;

/**
 * Writes the manifest for the next build, naming the post segments the build wrote or kept (written
 * before it, so that a build killed before the manifest leaves the previous one whole, with all its
 * segments), then deletes the segments it no longer names, and any other file of their folder but
 * the `head` files of the site's head (site-head.ts) it records.
 */
export async function writeSiteManifest(
  writer: SiteFileWriter,
  root: string,
  manifest: RecordedManifest,
  head: readonly string[] = [],
): Promise<void> {
  await writer.write(MANIFEST_FILE, serializeSiteManifest(manifest));
  await sweepPostSegments(root, [...manifest.segments, ...head]);
}

/**
 * Serializes a manifest whose post records are in `segments`. Its maps are filled in the build's
 * deterministic plan order (never in the order async writes finish), so equal builds give equal
 * bytes without sorting 100,000 keys.
 */
export function serializeSiteManifest(manifest: RecordedManifest): string {
  // forEach, not for…of: no iterator result and entry array per file to collect.
  const files: string[] = [];
  manifest.files.forEach((key, file) => files.push(file, key));
  const json: ManifestJson = {
    version: 5,
    config: manifest.config,
    files,
    segments: manifest.segments,
    search: manifest.search,
  };
  const body = JSON.stringify(json);
  if (!manifest.inputs) return `${body}\n`;
  const inputs = { ...manifest.inputs, manifest: bodyDigest(body) };
  return `${body.slice(0, -1)}${INPUTS_PROPERTY}${JSON.stringify(inputs)}}\n`;
}
