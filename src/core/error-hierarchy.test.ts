import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Places that may still make a built-in error, and why. Paths are relative to src/.
const ALLOWED: Record<string, string> = {
  // The one class that extends Error: the base of the hierarchy.
  'core/errors.ts': 'the base class',
  // Runs in the reader's browser, not in newsmill.
  'site/assets/search-script.ts': 'browser code',
  // Node's lookup and connect callbacks expect system errors with a `code` (ENOTFOUND), which
  // undici turns into a network failure that image-fetch.ts maps to a ProxyError.
  'proxy/guarded-agent.ts': 'system errors for Node callbacks',
};

// A built-in error, or the bare base class, whose name does not say what failed.
const FORBIDDEN = [
  /\bextends\s+(?:Error|TypeError|RangeError|SyntaxError)\b/,
  /\bnew\s+(?:Error|TypeError|RangeError|SyntaxError|NewsmillError)\s*\(/,
  /\bthrow\s+(?:Error|TypeError|RangeError|SyntaxError)\s*\(/,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test-support' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Lines of newsmill's own code (tests and test support aside) that make an error outside the hierarchy. */
function offendingLines(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const relative = path.relative(SRC, file).split(path.sep).join('/');
    if (relative in ALLOWED) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        const code = line.replace(/\/\/.*$/, '');
        if (FORBIDDEN.some((pattern) => pattern.test(code)))
          found.push(`${relative}:${index + 1}: ${line.trim()}`);
      });
  }
  return found;
}

describe('the error hierarchy', () => {
  it('has every error newsmill throws be a named NewsmillError subclass (src/core/errors.ts)', () => {
    expect(offendingLines()).toEqual([]);
  });

  it('sees the forms it forbids', () => {
    const samples = [
      'export class RouteTagError extends Error {',
      "throw new Error('x')",
      'callback(new RangeError(`y`))',
      "throw new NewsmillError('z')",
      "throw Error('w')",
    ];
    for (const sample of samples) expect(FORBIDDEN.some((pattern) => pattern.test(sample))).toBe(true);
    expect(FORBIDDEN.some((pattern) => pattern.test('class FooError extends NewsmillError {'))).toBe(false);
  });
});
