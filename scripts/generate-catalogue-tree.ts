/**
 * Reads the inputs of the catalogue generator: RSSHub's route tree from a checkout, from a git
 * directory (bare or not) at a commit, or from the `rsshub` npm package (whose `dist-lib` bundles
 * RSSHub's own build of the namespace data, `assets/build/routes.json`, as one JS object per namespace).
 */
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { NewsmillError } from '../src/core/errors.js';
import {
  extractRouteTree,
  isRecord,
  type Extraction,
  type RawNamespace,
} from './generate-catalogue-extract.js';
import { evaluateLiteral, exportsOf, parseSource, scopeOf } from './generate-catalogue-literal.js';

/** Where a file tree is read from: a folder, or a git directory at a commit. */
export interface TreeLocation {
  dir: string;
  /** A commit (or any revision) to read with git; absent means the folder's files as they are. */
  commit?: string;
}

/** The route tree's facts and where they came from. */
export interface RouteSource extends Extraction {
  /** The commit the facts were read at, when known. */
  commit: string | null;
  /** How they were read, e.g. `git`, `checkout` or `npm rsshub@1.0.0-master.f99e982`. */
  via: string;
  /** The license named in the tree's LICENSE (SPDX id), or null when unrecognised. */
  license: string | null;
}

const MAX_BUFFER = 1024 * 1024 * 1024;
const BUILD_MARKER = '//#region assets/build/routes.json';

/** An input of the catalogue generator is missing or not what it should be. */
export class CatalogueSourceError extends NewsmillError {
  override readonly name = 'CatalogueSourceError';
}

/** Reads one file of a tree, or null when it is not there. */
export function readTreeFile(location: TreeLocation, file: string): string | null {
  if (location.commit === undefined) {
    const absolute = path.join(location.dir, file);
    return existsSync(absolute) ? readFileSync(absolute, 'utf8') : null;
  }
  try {
    return git(location.dir, ['show', `${location.commit}:${file}`]);
  } catch {
    return null;
  }
}

/** Reads RSSHub's routes from a checkout, a git directory at `commit`, or an unpacked `rsshub` npm package. */
export function readRouteSource(location: TreeLocation): RouteSource {
  const packageJson = readTreeFile(location, 'package.json');
  const manifest = packageJson ? (JSON.parse(packageJson) as { name?: string; version?: string }) : {};
  const license = spdxOf(readTreeFile(location, 'LICENSE'));
  if (location.commit === undefined && existsSync(path.join(location.dir, 'dist-lib'))) {
    const version = manifest.version ?? '';
    // Snapshot builds are versioned `1.0.0-master.<commit>`.
    const commit = /-master\.([0-9a-f]{7,40})$/.exec(version)?.[1] ?? null;
    return {
      ...readPackageBuild(path.join(location.dir, 'dist-lib')),
      commit,
      license,
      via: `npm rsshub@${version}`,
    };
  }
  if (location.commit !== undefined) {
    const commit = commitOf(location);
    if (commit === null) throw new CatalogueSourceError(`${location.dir}: no commit ${location.commit}`);
    const names = git(location.dir, ['ls-tree', '-r', '--name-only', commit, '--', 'lib/routes'])
      .split('\n')
      .filter((name) => /\.tsx?$/.test(name));
    return { ...extractRouteTree(readBlobs(location.dir, commit, names)), commit, license, via: 'git' };
  }
  const files = new Map<string, string>();
  walk(path.join(location.dir, 'lib/routes'), 'lib/routes', files);
  return { ...extractRouteTree(files), commit: commitOf(location), license, via: 'checkout' };
}

/** The full commit a tree is read at: `commit` resolved, or a checkout's HEAD; null outside git. */
export function commitOf(location: TreeLocation): string | null {
  try {
    // A folder inside some other repository (a copy of the tree) is not at that repository's HEAD.
    if (
      location.commit === undefined &&
      git(location.dir, ['rev-parse', '--show-toplevel']).trim() !== realpathSync(location.dir)
    )
      return null;
    return git(location.dir, ['rev-parse', `${location.commit ?? 'HEAD'}^{commit}`]).trim();
  } catch {
    // A folder that is not a git work tree: its commit is unknown.
    return null;
  }
}

/** Reads the namespaces of RSSHub's routes.json as bundled in `dist-lib`: `var x = {…}` then `export { x as "ns" }`. */
export function readPackageBuild(distLib: string): Extraction {
  const bundle = readdirSync(distLib)
    .filter((name) => name.endsWith('.mjs'))
    .map((name) => path.join(distLib, name))
    .find((file) => startsWith(file, BUILD_MARKER));
  if (!bundle) throw new CatalogueSourceError(`${distLib}: no bundled assets/build/routes.json`);
  const source = parseSource(bundle, readFileSync(bundle, 'utf8'));
  const scope = scopeOf(source);
  const namespaces: Record<string, RawNamespace> = {};
  const skipped: string[] = [];
  for (const [exported, local] of exportsOf(source)) {
    // The default export is the whole object again.
    if (exported === 'default') continue;
    const initializer = scope.consts.get(local);
    const value = initializer ? evaluateLiteral(initializer, scope) : null;
    if (isRecord(value) && isRecord(value.routes)) namespaces[exported] = value as RawNamespace;
    else skipped.push(`${path.basename(bundle)}: namespace ${exported} has no static value`);
  }
  return { namespaces, files: 1, skipped, unknownProperties: scope.unknowns };
}

// Reads only the head of each of the package's few thousand chunks.
function startsWith(file: string, marker: string): boolean {
  const head = Buffer.alloc(marker.length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return head.toString('utf8') === marker;
}

function readBlobs(dir: string, commit: string, names: string[]): Map<string, string> {
  const input = names.map((name) => `${commit}:${name}\n`).join('');
  const out = execFileSync('git', ['-C', dir, 'cat-file', '--batch'], { input, maxBuffer: MAX_BUFFER });
  const files = new Map<string, string>();
  let pos = 0;
  for (const name of names) {
    const headerEnd = out.indexOf(0x0a, pos);
    const header = out.subarray(pos, headerEnd).toString('utf8');
    const size = Number(/ blob (\d+)$/.exec(header)?.[1] ?? NaN);
    if (Number.isNaN(size))
      throw new CatalogueSourceError(`git cat-file: unexpected answer for ${name}: ${header}`);
    files.set(name, out.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8'));
    pos = headerEnd + 1 + size + 1;
  }
  return files;
}

function walk(absolute: string, relative: string, files: Map<string, string>): void {
  for (const entry of readdirSync(absolute, { withFileTypes: true })) {
    const full = path.join(absolute, entry.name);
    const name = `${relative}/${entry.name}`;
    if (entry.isDirectory()) walk(full, name, files);
    else if (/\.tsx?$/.test(entry.name) && statSync(full).isFile())
      files.set(name, readFileSync(full, 'utf8'));
  }
}

function git(dir: string, args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    maxBuffer: MAX_BUFFER,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The SPDX id of a license text newsmill can recognise (RSSHub's has been MIT, then AGPL-3.0). */
export function spdxOf(text: string | null): string | null {
  if (text === null) return null;
  if (/GNU AFFERO GENERAL PUBLIC LICENSE\s+Version 3/i.test(text)) return 'AGPL-3.0';
  if (/^\s*MIT License/i.test(text) || /Permission is hereby granted, free of charge/.test(text))
    return 'MIT';
  return null;
}
