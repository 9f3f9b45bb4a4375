import { hash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SEGMENT_FOLDER } from '../site/manifest-segments.js';
import { MANIFEST_FILE } from '../site/site-manifest.js';

/** A site's post records as one flat list, `[digest, page key, cover, …]`, read from its segments. */
export function readManifestRecords(site: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(site, MANIFEST_FILE), 'utf8')) as { segments: string[] };
  return manifest.segments.flatMap(
    (name) => JSON.parse(readFileSync(path.join(site, SEGMENT_FOLDER, name), 'utf8')) as string[],
  );
}

/**
 * Edits a site's post records as an edited site would hold them: the flat list goes through
 * `edit` and is written back as one segment, named by its hash, which the manifest then names alone.
 */
export function editManifestRecords(site: string, edit: (records: string[]) => void): void {
  const records = readManifestRecords(site);
  edit(records);
  const text = `${JSON.stringify(records)}\n`;
  const name = `${hash('sha1', text, 'base64url')}.json`;
  mkdirSync(path.join(site, SEGMENT_FOLDER), { recursive: true });
  writeFileSync(path.join(site, SEGMENT_FOLDER, name), text);
  const file = path.join(site, MANIFEST_FILE);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify({ ...manifest, segments: [name] }));
}
