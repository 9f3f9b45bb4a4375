import { readFile } from 'node:fs/promises';
import path from 'node:path';

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
  version: 2;
  /** Hash of the configuration and templates the build used. */
  config: string;
  /** File → the key of everything it was rendered from: equal key, equal bytes. */
  files: Record<string, string>;
  /** Post digest → [fingerprint, cover URL]. */
  covers: Record<string, [string, string]>;
  /** Block start → the block's files. */
  search: Record<string, ManifestSearchBlock>;
}

/** Reads the previous build's manifest; null when there is none or it is unreadable. */
export async function readSiteManifest(root: string): Promise<SiteManifest | null> {
  try {
    const value = JSON.parse(await readFile(path.join(root, MANIFEST_FILE), 'utf8')) as SiteManifest;
    return value.version === 2 && typeof value.files === 'object' ? value : null;
  } catch {
    return null;
  }
}

/**
 * Serializes a manifest. Its maps are filled in the build's deterministic plan order (never in the
 * order async writes finish), so equal builds give equal bytes without sorting 100,000 keys.
 */
export function serializeSiteManifest(manifest: SiteManifest): string {
  return `${JSON.stringify(manifest)}\n`;
}
