import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Error injection: a parent folder this user may not write to (root is never refused by chmod).
vi.mock('node:fs/promises', async (original) => {
  const fs = await original<typeof FsPromises>();
  return {
    ...fs,
    writeFile: (
      file: string,
      ...rest: Parameters<typeof fs.writeFile> extends [unknown, ...infer R] ? R : never
    ) =>
      /^\.[^.].*\.newsmill-lock/.test(path.basename(file))
        ? Promise.reject(Object.assign(new Error('permission denied'), { code: 'EACCES' }))
        : fs.writeFile(file, ...rest),
  };
});

const { acquireBuildLock, buildLockPath } = await import('./build-lock.js');

const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-lock-denied-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('acquireBuildLock in a parent that cannot be written', () => {
  it('locks an existing site inside its own folder', async () => {
    const site = path.join(dir, 'public');
    mkdirSync(site);
    const lock = await acquireBuildLock(site);
    const inner = path.join(site, '.newsmill-lock');
    expect(JSON.parse(readFileSync(inner, 'utf8'))).toMatchObject({ pid: process.pid });
    expect(existsSync(buildLockPath(site))).toBe(false);
    await expect(acquireBuildLock(site)).rejects.toThrow('another newsmill build');
    await lock.release();
    expect(existsSync(inner)).toBe(false);
  });

  it('fails a first build, which needs the parent for its staging folder, by name', async () => {
    const site = path.join(dir, 'fresh');
    await expect(acquireBuildLock(site)).rejects.toThrow(
      `cannot create the build lock ${buildLockPath(site)}`,
    );
  });
});
