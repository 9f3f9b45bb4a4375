import { mkdtempSync, rmSync } from 'node:fs';
import type * as fsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DiskMediaCache } from './disk-cache.js';
import { sizedJpeg } from './testdata/fake-upstream.js';
import { folderBytes } from '../test-support/folder-bytes.js';

// A slow disk: every unlink and write takes a few milliseconds, so a cache that counted a file as gone
// before its unlink returned, or a .tmp file only once written, is caught over its bound by the sampler.
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof fsPromises>();
  const slow =
    <A extends unknown[], R>(operation: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return operation(...args);
    };
  return { ...real, unlink: slow(real.unlink), writeFile: slow(real.writeFile) };
});

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the disk cache bound on a slow disk', () => {
  it('counts a file until its unlink returns and a .tmp file from before it is written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-slow-disk-'));
    dirs.push(dir);
    const maxBytes = 60_000;
    const cache = await DiskMediaCache.open({ dir, maxBytes, memoryBytes: 0 });
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(folderBytes(dir)), 1);
    for (let round = 0; round < 10; round++) {
      for (let index = 0; index < 8; index++) {
        cache.put(`k-${round}-${index}`, {
          contentType: 'image/jpeg',
          body: sizedJpeg(5_000 + index * 1_000),
          etag: null,
          lastModified: null,
          storedAt: 1,
        });
      }
      await cache.flush();
    }
    clearInterval(sampler);
    expect(samples.length).toBeGreaterThan(100);
    expect(Math.max(...samples)).toBeLessThanOrEqual(maxBytes);
    expect(cache.size).toBe(folderBytes(dir));
    expect(cache.size).toBeGreaterThan(maxBytes / 2);
  });
});
