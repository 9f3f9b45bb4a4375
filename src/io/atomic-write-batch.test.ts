import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeFilesAtomic } from './atomic-write.js';

// Error injection only: a folder named `no-flush` cannot be flushed, as on a failing disk.
const flushedFolders: string[] = [];
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  const open: typeof real.open = async (file, flags, mode) => {
    const handle = await real.open(file, flags, mode);
    if (flags !== 'r') return handle;
    return Object.assign(Object.create(handle) as typeof handle, {
      sync: async () => {
        flushedFolders.push(String(file));
        if (path.basename(String(file)) === 'no-flush')
          throw Object.assign(new Error('EIO'), { code: 'EIO' });
        await handle.sync();
      },
      close: () => handle.close(),
    });
  };
  return { ...real, open, default: { ...real, open } };
});

let dir = '';
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  flushedFolders.length = 0;
});

describe('writeFilesAtomic', () => {
  it('writes a batch, each file with its own status, and flushes each folder once', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-batch-'));
    writeFileSync(path.join(dir, 'same.md'), 'same');
    writeFileSync(path.join(dir, 'blocker'), 'x');
    const results = await writeFilesAtomic([
      { file: path.join(dir, 'a', 'one.md'), content: '一' },
      { file: path.join(dir, 'a', 'two.md'), content: '二' },
      { file: path.join(dir, 'b', 'three.md'), content: '三' },
      { file: path.join(dir, 'same.md'), content: 'same' },
      { file: path.join(dir, 'blocker', 'four.md'), content: '四' },
    ]);
    expect(results.slice(0, 4)).toEqual(['written', 'written', 'written', 'unchanged']);
    expect(results[4]).toBeInstanceOf(Error);
    expect(String(results[4])).toMatch(/cannot write .*blocker/);
    expect(readFileSync(path.join(dir, 'a', 'two.md'), 'utf8')).toBe('二');
    expect(readdirSync(path.join(dir, 'a')).sort()).toEqual(['one.md', 'two.md']);
    // Folders with a new name in them, once each; not the folder of the unchanged file.
    expect(flushedFolders.sort()).toEqual([path.join(dir, 'a'), path.join(dir, 'b')]);
  });

  it('fails the files of a folder it could not flush, and only those', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-batch-'));
    const results = await writeFilesAtomic([
      { file: path.join(dir, 'no-flush', 'one.md'), content: '1' },
      { file: path.join(dir, 'ok', 'two.md'), content: '2' },
    ]);
    expect(String(results[0])).toMatch(/cannot write .*no-flush.one\.md/);
    expect(results[1]).toBe('written');
  });
});
