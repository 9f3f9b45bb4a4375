import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLEANER_VERSION } from './cleaning-key.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * A hash of the cleaner as each CLEANER_VERSION shipped: the sources `processItemContent` imports
 * and the versions of the parser packages it reads HTML with. Outputs publish a sealed stored
 * cleaning as it is, so a sanitizer fix reaches stored articles only through a new version: a
 * change to these files needs one (bump CLEANER_VERSION, and add its hash here).
 */
const SHIPPED: Record<number, string> = {
  1: 'f51bb4c3a3a81ec4',
  2: '166d5cd3a828258c',
};

/** The files of src/ that `entry` imports, directly or not, relative imports only. */
function importClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(path.join(SRC, file), 'utf8');
    for (const [, specifier] of text.matchAll(/from '(\.{1,2}\/[^']+)'/g))
      visit(path.posix.join(path.posix.dirname(file), (specifier as string).replace(/\.js$/, '.ts')));
  };
  visit(entry);
  return [...seen].sort();
}

function packageVersion(name: string): string {
  const file = path.join(SRC, '..', 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

describe('CLEANER_VERSION', () => {
  it('names the cleaner it was shipped with: a change to the cleaner needs a new version', () => {
    const hash = createHash('sha256');
    const files = importClosure('content/process-content.ts');
    expect(files).toContain('content/sanitize.ts');
    for (const file of files)
      hash.update(`${file}\n`).update(readFileSync(path.join(SRC, file), 'utf8').replace(/\r\n/g, '\n'));
    for (const name of ['htmlparser2', 'entities']) hash.update(`${name}@${packageVersion(name)}\n`);
    const current = hash.digest('hex').slice(0, 16);
    expect(
      { version: CLEANER_VERSION, cleaner: current },
      'the cleaner changed: bump CLEANER_VERSION (content/cleaning-key.ts) and add its hash to SHIPPED',
    ).toEqual({ version: CLEANER_VERSION, cleaner: SHIPPED[CLEANER_VERSION] });
  });
});
