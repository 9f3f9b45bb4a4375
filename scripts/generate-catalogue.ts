/**
 * Generates newsmill's bundled catalogue (catalogue/rsshub-namespace.json) from RSSHub's route tree,
 * with the category names of both languages from RSSHub's docs. Run with tsx:
 *
 *   npx tsx scripts/generate-catalogue.ts <rsshub> [--commit REV] [--docs DIR [--docs-commit REV]] [--out FILE]
 *
 * <rsshub> is a checkout of DIYgod/RSSHub, a git directory of it (bare is fine) read at --commit,
 * or an unpacked `rsshub` npm package (`npm pack rsshub@1.0.0-master.<commit>`). --docs is the
 * rsshub-docs repository (its src/public/categories.json). The file records the date, the source
 * commit and RSSHub's license in its `$meta` entry; only facts (names, paths, examples, parameters,
 * flags) are kept.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { compactNamespaces } from './generate-catalogue-compact.js';
import { isRecord } from './generate-catalogue-extract.js';
import { evaluateLiteral, exportsOf, parseSource, scopeOf } from './generate-catalogue-literal.js';
import {
  CatalogueSourceError,
  commitOf,
  readRouteSource,
  readTreeFile,
  type TreeLocation,
} from './generate-catalogue-tree.js';

/** The generator's inputs, as the command line gives them. */
export interface GenerateCatalogueOptions {
  rsshub: TreeLocation;
  docs?: TreeLocation;
  /** The generation date (YYYY-MM-DD); today when absent. */
  date?: string;
  /** Names recorded in `$meta`; the public repositories by default. */
  repository?: string;
  docsRepository?: string;
}

/** Category slug → display names, as RSSHub's docs list them. */
export type CategoryNames = Record<string, { zh: string; en: string }>;

/** Builds the catalogue object (`$meta` first, then namespaces in key order) and a summary of what was skipped. */
export function generateCatalogue(options: GenerateCatalogueOptions): {
  catalogue: Record<string, unknown>;
  skipped: string[];
} {
  const source = readRouteSource(options.rsshub);
  const { namespaces, routes } = compactNamespaces(source.namespaces);
  const categories = options.docs ? readCategoryNames(options.docs) : {};
  const meta = {
    generated: options.date ?? new Date().toISOString().slice(0, 10),
    source: {
      repository: options.repository ?? 'DIYgod/RSSHub',
      commit: source.commit,
      via: source.via,
      license: source.license,
    },
    notice:
      "Facts only (namespace and route names, urls, paths, examples, parameter names with shortened descriptions, feature flags) read from RSSHub's route definitions; no code or documentation text is copied.",
    ...(options.docs
      ? {
          docs: {
            repository: options.docsRepository ?? 'RSSNext/rsshub-docs',
            commit: commitOf(options.docs),
          },
        }
      : {}),
    categories,
    counts: {
      namespaces: Object.keys(namespaces).length,
      routes,
      filesRead: source.files,
      skipped: source.skipped.length,
      codeProperties: source.unknownProperties,
    },
  };
  return { catalogue: { $meta: meta, ...namespaces }, skipped: source.skipped };
}

/** Reads the docs' category list: src/public/categories.json, else the `categories` export of .vitepress/config/data.ts. */
export function readCategoryNames(docs: TreeLocation): CategoryNames {
  const json = readTreeFile(docs, 'src/public/categories.json');
  let list: unknown = null;
  if (json !== null) list = JSON.parse(json);
  else {
    const data = readTreeFile(docs, '.vitepress/config/data.ts');
    if (data === null)
      throw new CatalogueSourceError(
        `${docs.dir}: no src/public/categories.json or .vitepress/config/data.ts`,
      );
    const file = parseSource('data.ts', data);
    const scope = scopeOf(file);
    const initializer = scope.consts.get(exportsOf(file).get('categories') ?? 'categories');
    list = initializer ? evaluateLiteral(initializer, scope) : null;
  }
  const names: CategoryNames = {};
  for (const item of Array.isArray(list) ? list : []) {
    if (!isRecord(item)) continue;
    const slug = typeof item.id === 'string' ? item.id : String(item.link ?? '').replace(/^.*\//, '');
    if (slug && typeof item.zh === 'string' && typeof item.en === 'string')
      names[slug] = { zh: item.zh, en: item.en };
  }
  return names;
}

function main(argv: string[]): void {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      commit: { type: 'string' },
      docs: { type: 'string' },
      'docs-commit': { type: 'string' },
      out: { type: 'string', default: 'catalogue/rsshub-namespace.json' },
      date: { type: 'string' },
    },
  });
  const dir = positionals[0];
  if (!dir)
    throw new CatalogueSourceError(
      'usage: generate-catalogue <rsshub checkout, git dir or npm package> [--commit REV] …',
    );
  const { catalogue, skipped } = generateCatalogue({
    rsshub: { dir, ...(values.commit ? { commit: values.commit } : {}) },
    ...(values.docs
      ? { docs: { dir: values.docs, ...(values['docs-commit'] ? { commit: values['docs-commit'] } : {}) } }
      : {}),
    ...(values.date ? { date: values.date } : {}),
  });
  const text = `${JSON.stringify(catalogue)}\n`;
  writeFileSync(values.out, text);
  const bytes = Buffer.byteLength(text);
  const meta = catalogue.$meta as { counts: Record<string, number> };
  process.stdout.write(
    `${values.out}: ${JSON.stringify(meta.counts)}; ${kb(bytes)} on disk, ${kb(gzipSync(text).length)} gzipped\n`,
  );
  for (const line of skipped.slice(0, 20)) process.stdout.write(`skipped: ${line}\n`);
  if (skipped.length > 20) process.stdout.write(`… and ${skipped.length - 20} more skipped\n`);
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KB`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
