import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const CLI = path.dirname(fileURLToPath(import.meta.url));

/**
 * The modules a file loads before any of its code runs: value imports and re-exports, not type-only
 * ones (erased) nor `import()` calls (loaded when a command needs them).
 */
function staticImportsOf(source: string): string[] {
  const file = ts.createSourceFile('module.ts', source, ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const bindings = clause?.namedBindings;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            bindings !== undefined &&
            ts.isNamedImports(bindings) &&
            bindings.elements.length > 0 &&
            bindings.elements.every((element) => element.isTypeOnly)));
      if (!typeOnly) found.push(statement.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(statement) &&
      !statement.isTypeOnly &&
      statement.moduleSpecifier !== undefined &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      found.push(statement.moduleSpecifier.text);
    }
  }
  return found;
}

/** The packages and built-in modules loaded by starting from `entry`, each with one chain that loads it. */
function loadedAtStart(entry: string, read: (file: string) => string): Map<string, string[]> {
  const packages = new Map<string, string[]>();
  const seen = new Set<string>();
  const visit = (file: string, chain: string[]): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of staticImportsOf(read(file))) {
      if (specifier.startsWith('.')) {
        visit(path.resolve(path.dirname(file), specifier).replace(/\.js$/, '.ts'), [...chain, file]);
      } else if (!packages.has(specifier)) {
        packages.set(
          specifier,
          [...chain, file].map((step) => path.relative(CLI, step)),
        );
      }
    }
  };
  visit(entry, []);
  return packages;
}

// Every command starts by loading what `main.ts` imports statically, so a one-new-item `build`
// pays for all of it. These are needed by a few commands only and cost tens of milliseconds each:
// node:http's ES module facade reads its WebSocket getter, which loads Node's own undici (~0.1 s on
// Node 22); undici, pg and pg-boss are large; linkedom and Readability serve full text alone.
const LOADED_ON_DEMAND = [
  'node:http',
  'node:https',
  'undici',
  'pg',
  'pg-boss',
  'linkedom',
  '@mozilla/readability',
];

describe('what every CLI command loads before it runs', () => {
  it('leaves the HTTP client, the PostgreSQL driver and the full-text DOM to the commands that use them', () => {
    const loaded = loadedAtStart(path.join(CLI, 'main.ts'), (file) => readFileSync(file, 'utf8'));
    const early = LOADED_ON_DEMAND.filter((name) => loaded.has(name)).map(
      (name) => `${name} via ${loaded.get(name)?.join(' -> ')}`,
    );
    expect(early).toEqual([]);
    // The walk itself must have reached the commands, or the check above proves nothing.
    expect(loaded.has('commander')).toBe(true);
  });

  it('tells a static import from a type-only one and a dynamic one', () => {
    const files: Record<string, string> = {
      [path.join(CLI, 'a.ts')]:
        "import type { X } from 'pg';\nimport { type Y } from 'undici';\nimport { b } from './b.js';\nexport const a = () => import('linkedom');\n",
      [path.join(CLI, 'b.ts')]: "export { createServer } from 'node:http';\nexport const b = 1;\n",
    };
    const loaded = loadedAtStart(path.join(CLI, 'a.ts'), (file) => files[file] ?? '');
    expect([...loaded.keys()]).toEqual(['node:http']);
    expect(loaded.get('node:http')).toEqual(['a.ts', 'b.ts']);
  });
});
