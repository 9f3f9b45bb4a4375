import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * Makes a fresh folder in the system's temp folder, named `prefix` and six random characters, and
 * removes it with all it holds when the current test finishes, whether it passed or failed. Call it
 * in a test or a `beforeEach` hook, where there is a current test; not in `beforeAll` or at the top
 * of a file.
 */
export function tempFolder(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
