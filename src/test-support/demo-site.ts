import { cpSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, for tests that run the CLI or read the bundled demo. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Copies the bundled demo into `dir`, by default a fresh temp folder, so that a test owns its store and
 * output; returns `dir`. The caller removes the default folder; pass `tempFolder(prefix)` instead to
 * have it removed when the current test finishes.
 */
export function copyDemo(dir = mkdtempSync(path.join(tmpdir(), 'newsmill-demo-'))): string {
  cpSync(path.join(repoRoot, 'examples/demo'), dir, {
    recursive: true,
    filter: (source) => !/[/\\](hexo|public|\.newsmill)$/.test(source),
  });
  return dir;
}

/**
 * Every file below `root`, as paths relative to it, sorted; a symlinked folder is not entered
 * (Node 22's recursive readdirSync enters it, Node 20's does not, so it is walked by hand).
 */
export function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(path.relative(root, full));
    }
  };
  walk(root);
  return files.sort();
}
