import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PlannedFile } from './output-writer.js';

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
  /**
   * Post digest → [fingerprint, cover URL]. The post's page (`postPath(digest)`) was rendered with
   * the fingerprint as its key; recording pages by post, where the fingerprint is anyway, keeps a
   * fifth of the manifest's bytes out of every build's reading and writing at 20,000 posts.
   */
  posts: ReadonlyMap<string, readonly [string, string]>;
  /** Block start → the block's files. */
  search: Record<string, ManifestSearchBlock>;
}

/** The key `file` had in the manifest's build; undefined when that build did not write it. */
export function previousKey(manifest: SiteManifest, file: PlannedFile): string | undefined {
  return file.postDigest === undefined
    ? manifest.files.get(file.path)
    : manifest.posts.get(file.postDigest)?.[0];
}

/**
 * On disk the maps are flat arrays (`[file, key, file, key, …]`): at 20,000 posts they parse and
 * serialize several times faster than objects with one property per file. Version 3 listed post
 * pages in `files` too; it still reads, so the first build after an upgrade deletes stale files.
 */
interface ManifestJson {
  version: 3 | 4;
  config: string;
  files: string[];
  covers: string[];
  search: Record<string, ManifestSearchBlock>;
}

/** Reads the previous build's manifest; null when there is none or it is unreadable. */
export async function readSiteManifest(root: string): Promise<SiteManifest | null> {
  let value: ManifestJson;
  try {
    value = JSON.parse(await readFile(path.join(root, MANIFEST_FILE), 'utf8')) as ManifestJson;
  } catch {
    return null;
  }
  const known = value?.version === 3 || value?.version === 4;
  if (!known || !Array.isArray(value.files) || !Array.isArray(value.covers)) return null;
  const files = new Map<string, string>();
  for (let i = 0; i + 1 < value.files.length; i += 2)
    files.set(String(value.files[i]), String(value.files[i + 1]));
  const posts = new Map<string, [string, string]>();
  for (let i = 0; i + 2 < value.covers.length; i += 3)
    posts.set(String(value.covers[i]), [String(value.covers[i + 1]), String(value.covers[i + 2])]);
  return {
    config: String(value.config),
    files,
    posts,
    search: searchOf(value.search),
  };
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

/**
 * Serializes a manifest. Its maps are filled in the build's deterministic plan order (never in the
 * order async writes finish), so equal builds give equal bytes without sorting 100,000 keys.
 */
export function serializeSiteManifest(manifest: SiteManifest): string {
  // forEach, not for…of: no iterator result and entry array per post to collect.
  const files: string[] = [];
  manifest.files.forEach((key, file) => files.push(file, key));
  const covers: string[] = [];
  manifest.posts.forEach(([fingerprint, cover], digest) => covers.push(digest, fingerprint, cover));
  const json: ManifestJson = { version: 4, config: manifest.config, files, covers, search: manifest.search };
  return `${JSON.stringify(json)}\n`;
}
