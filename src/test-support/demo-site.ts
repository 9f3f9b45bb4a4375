import { cpSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, for tests that run the CLI or read the bundled demo. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Copies the bundled demo into a fresh temp folder so that a test owns its store and output. */
export function copyDemo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-demo-'));
  cpSync(path.join(repoRoot, 'examples/demo'), dir, {
    recursive: true,
    filter: (source) => !/[/\\](hexo|public|\.newsmill)$/.test(source),
  });
  return dir;
}

/** Every file below `root`, as paths relative to it, sorted. */
export function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}
