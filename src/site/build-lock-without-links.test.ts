import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as FsPromises from 'node:fs/promises';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Error injection: a file system without hard links (FAT, some network mounts).
vi.mock('node:fs/promises', async (original) => ({
  ...(await original<typeof FsPromises>()),
  link: () => Promise.reject(Object.assign(new Error('operation not permitted'), { code: 'EPERM' })),
}));

const { acquireBuildLock, buildLockPath } = await import('./build-lock.js');

const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-lock-nolinks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('acquireBuildLock without hard links', () => {
  it('still takes the lock, with its owner, and refuses a second build', async () => {
    const site = path.join(dir, 'public');
    const lock = await acquireBuildLock(site);
    expect(JSON.parse(readFileSync(buildLockPath(site), 'utf8'))).toMatchObject({ pid: process.pid });
    await expect(acquireBuildLock(site)).rejects.toThrow('another newsmill build');
    await lock.release();
    await (await acquireBuildLock(site)).release();
  });
});
