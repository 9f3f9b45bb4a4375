import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NewsmillPackError } from './scaffold-errors.js';
import { repoRoot } from '../test-support/demo-site.js';
import { findNewsmillRoot, packNewsmill } from './pack-newsmill.js';

const version = (
  JSON.parse(execFileSync('git', ['show', 'HEAD:package.json'], { cwd: repoRoot, encoding: 'utf8' })) as {
    version: string;
  }
).version;
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('packNewsmill', () => {
  it('finds the package folder newsmill runs from', async () => {
    expect(await findNewsmillRoot()).toBe(repoRoot);
  });

  it('packs the running newsmill into vendor/ with its built code and no tests, leaving nothing in the repo', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-pack-'));
    const rootBefore = readdirSync(repoRoot).sort();
    const packed = await packNewsmill(dir);
    expect(packed.file).toBe(`vendor/newsmill-${version}.tgz`);
    expect(packed.version).toBe(version);
    expect(packed.bytes).toBe(statSync(path.join(dir, packed.file)).size);
    expect(readdirSync(path.join(dir, 'vendor'))).toEqual([`newsmill-${version}.tgz`]);
    const entries = execFileSync('tar', ['-tzf', path.join(dir, packed.file)], { encoding: 'utf8' }).split(
      '\n',
    );
    for (const needed of [
      'package/package.json',
      'package/bin/newsmill.js',
      'package/dist/index.js',
      'package/dist/bundle/main.js',
      'package/dist/proxy/edge-handler.js',
    ])
      expect(entries).toContain(needed);
    expect(entries.filter((entry) => /\.test\.|\/testdata\/|^package\/src\//.test(entry))).toEqual([]);
    expect(readdirSync(repoRoot).sort()).toEqual(rootBefore);
  });

  it('names what failed when the package cannot be packed', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-pack-'));
    const unbuilt = path.join(dir, 'unbuilt');
    mkdirSync(unbuilt);
    writeFileSync(path.join(unbuilt, 'package.json'), '{"name":"newsmill","version":"9.9.9"}');
    const error = await packNewsmill(path.join(dir, 'project'), { packageRoot: unbuilt }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NewsmillPackError);
    expect((error as Error).message).toMatch(
      /cannot pack newsmill from .*unbuilt.*dist\/index\.js is missing.*npm run build/,
    );

    mkdirSync(path.join(unbuilt, 'dist/bundle'), { recursive: true });
    writeFileSync(path.join(unbuilt, 'dist/index.js'), '');
    writeFileSync(path.join(unbuilt, 'dist/bundle/main.js'), '');
    writeFileSync(path.join(unbuilt, 'package.json'), '{"name": "newsmill",');
    const broken = await packNewsmill(path.join(dir, 'project'), { packageRoot: unbuilt }).catch(
      (e: unknown) => e,
    );
    expect(broken).toBeInstanceOf(NewsmillPackError);
    expect((broken as Error).message).toMatch(/cannot pack newsmill from .*unbuilt: npm pack failed/);
    expect(readdirSync(path.join(dir, 'project/vendor'))).toEqual([]);
  });
});
