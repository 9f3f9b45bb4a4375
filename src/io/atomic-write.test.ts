import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OutputFolders, removeStaleTempFiles, writeFileAtomic, writeFilesAtomic } from './atomic-write.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('creates folders, writes, and leaves no temp file behind', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-write-'));
    const file = path.join(dir, 'a', 'b', 'post.md');
    expect(await writeFileAtomic(file, '冬奥')).toBe('written');
    expect(readFileSync(file, 'utf8')).toBe('冬奥');
    expect(readdirSync(path.dirname(file))).toEqual(['post.md']);
  });

  it('does not touch an identical file, so its mtime stays put', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-write-'));
    const file = path.join(dir, 'post.md');
    writeFileSync(file, 'same');
    const old = new Date('2020-01-01T00:00:00Z');
    utimesSync(file, old, old);
    expect(await writeFileAtomic(file, 'same')).toBe('unchanged');
    expect(statSync(file).mtime.toISOString()).toBe(old.toISOString());
    expect(await writeFileAtomic(file, 'different')).toBe('written');
    expect(readFileSync(file, 'utf8')).toBe('different');
  });

  it('knows the files it wrote into the folders it made: an identical rewrite there is unchanged', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-write-'));
    const folders = new OutputFolders();
    const file = path.join(dir, 'new', 'post.md');
    const batch = [
      { file, content: 'one' },
      { file: path.join(dir, 'new', 'other.md'), content: 'two' },
    ];
    expect(await writeFilesAtomic(batch, { folders })).toEqual(['written', 'written']);
    expect(await writeFilesAtomic(batch, { folders })).toEqual(['unchanged', 'unchanged']);
    expect(await writeFileAtomic(file, 'changed', { folders })).toBe('written');
    expect(readFileSync(file, 'utf8')).toBe('changed');
    // A folder that was there before: its files are read, whoever wrote them.
    writeFileSync(path.join(dir, 'old.md'), 'same');
    expect(await writeFileAtomic(path.join(dir, 'old.md'), 'same', { folders })).toBe('unchanged');
  });

  it('makes a folder again that was removed since it made it, when the posts of its category went', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-write-'));
    const folders = new OutputFolders();
    const first = path.join(dir, 'a', 'b', 'one.md');
    expect(await writeFileAtomic(first, '1', { folders })).toBe('written');
    rmSync(path.join(dir, 'a'), { recursive: true });
    const second = path.join(dir, 'a', 'b', 'two.md');
    expect(await writeFileAtomic(second, '2', { folders })).toBe('written');
    expect(readFileSync(second, 'utf8')).toBe('2');
  });

  it('reports the file it could not write', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-write-'));
    writeFileSync(path.join(dir, 'blocker'), 'x');
    await expect(writeFileAtomic(path.join(dir, 'blocker', 'post.md'), 'x')).rejects.toThrow(
      /cannot write .*blocker/,
    );
  });

  it('sweeps temp files an interrupted run left, and nothing else', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-write-'));
    writeFileSync(path.join(dir, '.post.md.newsmill-tmp-abc'), 'half');
    writeFileSync(path.join(dir, 'post.md'), 'whole');
    expect(await removeStaleTempFiles(dir)).toBe(1);
    expect(readdirSync(dir)).toEqual(['post.md']);
  });
});
