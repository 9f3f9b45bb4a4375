import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Makes `<dir>/victim`, a small tree of files newsmill never wrote, for tests that check newsmill
 * writes and deletes only inside its own folders. Returns its path.
 */
export function createVictimTree(dir: string): string {
  const victim = path.join(dir, 'victim');
  mkdirSync(path.join(victim, 'deeper'), { recursive: true });
  writeFileSync(path.join(victim, 'important.txt'), 'keep me');
  writeFileSync(path.join(victim, 'v2.txt'), 'keep me too');
  writeFileSync(path.join(victim, 'a.md'), '---\ntitle: not newsmill’s\n---\n');
  writeFileSync(path.join(victim, 'index.html'), '<p>someone else’s page</p>');
  writeFileSync(path.join(victim, 'deeper', '.x.md.newsmill-tmp-0123456789ab'), 'looks like a temp');
  return victim;
}

/**
 * Every entry below `root` (itself included) with its kind and content digest or link target,
 * without following symlinks: two equal snapshots mean the tree is byte-identical. Entries for
 * which `skip` (given the path relative to `root`) says true are left out with what they hold.
 */
export function snapshotTree(
  root: string,
  skip: (relative: string) => boolean = () => false,
): Record<string, string> {
  const snapshot: Record<string, string> = {};
  const visit = (relative: string): void => {
    if (skip(relative)) return;
    const full = path.join(root, relative);
    const stats = lstatSync(full);
    if (stats.isSymbolicLink()) snapshot[relative] = `link ${readlinkSync(full)}`;
    else if (stats.isFile())
      snapshot[relative] = `file ${createHash('sha256').update(readFileSync(full)).digest('hex')}`;
    else if (stats.isDirectory()) {
      snapshot[relative] = 'dir';
      for (const name of readdirSync(full).sort()) visit(path.join(relative, name));
    } else snapshot[relative] = 'other';
  };
  visit('');
  return snapshot;
}
