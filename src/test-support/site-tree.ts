import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listFiles } from './demo-site.js';

/**
 * Every file below a built site's `root`, by path, with its bytes as latin1 text: lossless, and
 * cheap to compare. Without `records` the build's own records (`.newsmill-site.json`,
 * `.newsmill-posts/`, a build journal) are left out: what a reader of the site gets.
 */
export function siteTree(root: string, options: { records?: boolean } = {}): Map<string, string> {
  const files = listFiles(root).filter((file) => options.records === true || !file.startsWith('.newsmill'));
  return new Map(files.map((file) => [file, readFileSync(path.join(root, file), 'latin1')]));
}

/** The paths whose bytes differ between two trees, or that only one of them has, sorted. */
export function changedFiles(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): string[] {
  const files = new Set([...before.keys(), ...after.keys()]);
  return [...files].filter((file) => before.get(file) !== after.get(file)).sort();
}
