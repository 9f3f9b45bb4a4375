import { execFile } from 'node:child_process';
import { access, mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { NewsmillPackError } from './scaffold-errors.js';

const run = promisify(execFile);

/** A newsmill tarball written into a project. */
export interface PackedNewsmill {
  /** The tarball, relative to the project: `vendor/newsmill-<version>.tgz`. */
  file: string;
  version: string;
  bytes: number;
  /** A tarball of that name was there already and is kept as it is. */
  kept: boolean;
}

/** Options of `packNewsmill`. */
export interface PackOptions {
  /** The package folder to pack; the one this newsmill runs from by default. */
  packageRoot?: string;
}

// What a packed newsmill cannot work without: the library entry and the CLI bundle bin/ loads.
const BUILT_FILES = ['dist/index.js', 'dist/bundle/main.js'];

/**
 * The folder of the newsmill package this code runs from (a repo checkout, or an installed copy in
 * node_modules): the nearest folder above this module whose package.json is newsmill's.
 */
export async function findNewsmillRoot(from: string = import.meta.url): Promise<string> {
  let dir = path.dirname(fileURLToPath(from));
  for (;;) {
    const manifest = await readFile(path.join(dir, 'package.json'), 'utf8').catch(() => null);
    if (manifest !== null && (JSON.parse(manifest) as { name?: unknown }).name === 'newsmill') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new NewsmillPackError(`cannot find the newsmill package above ${from}`);
    dir = parent;
  }
}

/** The version of the newsmill package this code runs from. */
export async function readNewsmillVersion(): Promise<string> {
  const manifest = await readFile(path.join(await findNewsmillRoot(), 'package.json'), 'utf8');
  return (JSON.parse(manifest) as { version: string }).version;
}

/**
 * Packs the running newsmill (`npm pack`) into `<projectDir>/vendor/newsmill-<version>.tgz`, so the
 * project installs it before newsmill is on the registry. What is packed is what runs: the built
 * dist/ as it is, with scripts ignored (`prepare` would rebuild from sources, which an installed copy
 * does not have), and only the files package.json's `files` lists. npm writes into a temp folder
 * beside the target, never into the package folder, and the tarball is renamed into place whole;
 * a tarball of the same name that is there already is kept.
 */
export async function packNewsmill(projectDir: string, options: PackOptions = {}): Promise<PackedNewsmill> {
  const root = options.packageRoot ?? (await findNewsmillRoot());
  for (const file of BUILT_FILES) {
    await access(path.join(root, file)).catch((error: unknown) => {
      throw new NewsmillPackError(
        `cannot pack newsmill from ${root}: ${file} is missing; run npm run build there first`,
        { cause: error },
      );
    });
  }
  const vendor = path.join(projectDir, 'vendor');
  const staging = path.join(vendor, `.newsmill-pack-${process.pid}`);
  await mkdir(staging, { recursive: true });
  try {
    const packed = await npmPack(root, staging);
    const file = `vendor/newsmill-${packed.version}.tgz`;
    const target = path.join(projectDir, file);
    const existing = await stat(target).catch(() => null);
    if (!existing) await rename(path.join(staging, packed.filename), target);
    const bytes = existing?.size ?? (await stat(target)).size;
    return { file, version: packed.version, bytes, kept: existing !== null };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function npmPack(root: string, destination: string): Promise<{ filename: string; version: string }> {
  const args = ['pack', '--ignore-scripts', '--json', '--pack-destination', destination];
  try {
    // npm is a .cmd script on Windows, which Node starts only through a shell.
    const { stdout } = await run('npm', args, {
      cwd: root,
      shell: process.platform === 'win32',
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const [packed] = JSON.parse(stdout) as Array<{ filename: string; version: string }>;
    const written = await readdir(destination);
    if (!packed || !written.includes(packed.filename)) {
      throw new NewsmillPackError(
        `npm pack reported ${packed?.filename ?? 'nothing'}, wrote ${written.join(', ') || 'nothing'}`,
      );
    }
    return packed;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    const detail = stderr ? stderr.split('\n').slice(-3).join(' ') : (error as Error).message;
    throw new NewsmillPackError(`cannot pack newsmill from ${root}: npm pack failed: ${detail}`, {
      cause: error,
    });
  }
}
