import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = path.dirname(fileURLToPath(import.meta.url));
const PACKAGE = JSON.parse(readFileSync(path.join(SRC, '..', 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  exports?: unknown;
};
const PACKAGE_EXPORTS = PACKAGE.exports ?? {};

/** Every `.ts` file under `dir`, tests and testdata included. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testdata' ? [] : tsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

// The build (tsconfig.build.json) leaves out tests, testdata and test-support and nothing else, so
// everything else ships in dist/ and must not need them.
function isShipped(root: string, file: string): boolean {
  return !file.endsWith('.test.ts') && !file.startsWith(path.join(root, 'test-support') + path.sep);
}

/** The specifiers a file imports or re-exports, type-only and dynamic imports included. */
function specifiersOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((ref) => ref.fileName);
}

/** The `.ts` file a relative specifier names (NodeNext: written with `.js`), or null for a package. */
function resolveRelative(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return path.resolve(path.dirname(from), specifier).replace(/\.js$/, '.ts');
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** `file -> specifier` for each shipped file importing test support or a devDependency. */
function testOnlyImports(root: string): string[] {
  const dev = new Set(Object.keys(PACKAGE.devDependencies ?? {}));
  for (const name of Object.keys(PACKAGE.dependencies ?? {})) dev.delete(name);
  const found: string[] = [];
  for (const file of tsFiles(root).filter((file) => isShipped(root, file))) {
    for (const specifier of specifiersOf(file)) {
      const target = resolveRelative(file, specifier);
      const testOnly = target === null ? dev.has(packageOf(specifier)) : !isShipped(root, target);
      if (testOnly) found.push(`${relative(root, file)} -> ${specifier}`);
    }
  }
  return found;
}

/** Each import cycle among non-test files, as `a.ts -> b.ts -> a.ts`, found by depth-first search. */
function importCycles(root: string): string[] {
  const files = tsFiles(root).filter((file) => !file.endsWith('.test.ts'));
  const edges = new Map(
    files.map((file) => [
      file,
      specifiersOf(file)
        .map((specifier) => resolveRelative(file, specifier))
        .filter((target): target is string => target !== null),
    ]),
  );
  const done = new Set<string>();
  const stack: string[] = [];
  const cycles: string[] = [];
  const visit = (file: string): void => {
    const open = stack.indexOf(file);
    if (open >= 0) {
      cycles.push([...stack.slice(open), file].map((step) => relative(root, step)).join(' -> '));
      return;
    }
    if (done.has(file)) return;
    stack.push(file);
    for (const target of edges.get(file) ?? []) visit(target);
    stack.pop();
    done.add(file);
  };
  for (const file of files) visit(file);
  return cycles;
}

// What runs from dist/: the package's exports and the CLI bundle's entry points (scripts/bundle-cli.mjs).
function entryPoints(): string[] {
  const exported = JSON.stringify(PACKAGE_EXPORTS).match(/\.\/dist\/[^"]+\.js/g) ?? [];
  const bundle = readFileSync(path.join(SRC, '..', 'scripts', 'bundle-cli.mjs'), 'utf8');
  const bundled = /entryPoints:\s*\[([^\]]*)\]/.exec(bundle)?.[1]?.match(/src\/[^'"]+\.ts/g) ?? [];
  return [
    ...exported.map((file) => path.join(SRC, file.slice('./dist/'.length).replace(/\.js$/, '.ts'))),
    ...bundled.map((file) => path.join(SRC, '..', file)),
  ];
}

/** Shipped files no entry point reaches: code only tests use, which belongs in test-support. */
function unreachedFiles(root: string, entries: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of specifiersOf(file)) {
      const target = resolveRelative(file, specifier);
      if (target !== null) visit(target);
    }
  };
  entries.forEach(visit);
  return tsFiles(root)
    .filter((file) => isShipped(root, file) && !seen.has(file))
    .map((file) => relative(root, file));
}

describe('the import graph of src/', () => {
  it('keeps test-only code out of what is built: nothing shipped imports test-support or a devDependency', () => {
    expect(testOnlyImports(SRC)).toEqual([]);
  });

  it('ships only modules that an entry point reaches', () => {
    const entries = entryPoints();
    expect(entries.map((file) => relative(SRC, file))).toEqual(
      expect.arrayContaining(['index.ts', 'proxy/edge-handler.ts', 'cli/main.ts']),
    );
    expect(unreachedFiles(SRC, entries)).toEqual([]);
  });

  it('has no import cycles, type-only imports included', () => {
    expect(importCycles(SRC)).toEqual([]);
  });

  it('finds a cycle, a test-support import and a devDependency import in a small tree', () => {
    // The checks above pass on an empty list; this proves they would see the real thing.
    const root = mkdtempSync(path.join(tmpdir(), 'newsmill-imports-'));
    try {
      mkdirSync(path.join(root, 'test-support'));
      mkdirSync(path.join(root, 'site'));
      writeFileSync(path.join(root, 'test-support', 'helper.ts'), 'export const helper = 1;\n');
      writeFileSync(
        path.join(root, 'site', 'a.ts'),
        "import type { B } from './b.js';\nexport type A = B;\n",
      );
      writeFileSync(
        path.join(root, 'site', 'b.ts'),
        "import { helper } from '../test-support/helper.js';\nimport type { A } from './a.js';\nexport type B = A;\nexport { helper };\n",
      );
      writeFileSync(path.join(root, 'site', 'c.ts'), "export { expect } from 'vitest';\n");
      writeFileSync(path.join(root, 'site', 'c.test.ts'), "import '../test-support/helper.js';\n");
      expect(testOnlyImports(root).sort()).toEqual([
        'site/b.ts -> ../test-support/helper.js',
        'site/c.ts -> vitest',
      ]);
      expect(importCycles(root)).toEqual(['site/a.ts -> site/b.ts -> site/a.ts']);
      expect(unreachedFiles(root, [path.join(root, 'site', 'a.ts')])).toEqual(['site/c.ts']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
