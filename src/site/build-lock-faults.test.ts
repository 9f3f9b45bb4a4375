import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';

// Error injection, one fault per test: a file system without hard links (FAT, some network
// mounts), or a parent folder this user may not write to (root is never refused by chmod).
let fault: 'no-links' | 'parent-denied' | null = null;
const failure = (code: string): Promise<never> => Promise.reject(Object.assign(new Error(code), { code }));

vi.mock('node:fs/promises', async (original) => {
  const fs = await original<typeof FsPromises>();
  return {
    ...fs,
    link: (from: string, to: string) => (fault === 'no-links' ? failure('EPERM') : fs.link(from, to)),
    // A lock or its temp file beside a site folder, not the one inside it (`.newsmill-lock`).
    open: (file: string, flags?: string, mode?: number) =>
      fault === 'parent-denied' && /^\.[^.].*\.newsmill-lock/.test(path.basename(file))
        ? failure('EACCES')
        : fs.open(file, flags, mode),
  };
});

const { acquireBuildLock, buildLockPath } = await import('./build-lock.js');

const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-lock-faults-'));
afterEach(() => {
  fault = null;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('acquireBuildLock without hard links', () => {
  it('still takes the lock, with its owner, and refuses a second build', async () => {
    fault = 'no-links';
    const site = path.join(dir, 'public');
    const lock = await acquireBuildLock(site);
    expect(JSON.parse(readFileSync(buildLockPath(site), 'utf8'))).toMatchObject({ pid: process.pid });
    await expect(acquireBuildLock(site)).rejects.toThrow('another newsmill build');
    await lock.release();
    await (await acquireBuildLock(site)).release();
  });
});

describe('acquireBuildLock in a parent that cannot be written', () => {
  it('locks an existing site inside its own folder', async () => {
    fault = 'parent-denied';
    const site = path.join(dir, 'existing');
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
    fault = 'parent-denied';
    const site = path.join(dir, 'fresh');
    await expect(acquireBuildLock(site)).rejects.toThrow(
      `cannot create the build lock ${buildLockPath(site)}`,
    );
  });
});
