import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFiles, type PlannedFile } from './output-writer.js';
import { createSiteFileWriter } from './site-file-writer.js';

const root = mkdtempSync(path.join(tmpdir(), 'newsmill-output-writer-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('writeFiles', () => {
  it('says once that every file is handed to the writer, after the last one and after each waited', async () => {
    const files = ['a.txt', 'b/c.txt', 'd.txt'];
    let release: () => void = () => undefined;
    const loaded = new Promise<void>((resolve) => (release = resolve));
    const planned: PlannedFile[] = files.map((file) => ({ path: file, key: file, render: () => file }));
    const seen: string[][] = [];
    const writer = createSiteFileWriter({ root, rootIsNew: false, staged: false });
    const writing = writeFiles(
      writer,
      planned,
      { written: 0, unchanged: 0, refused: new Map() },
      (file) => (file.path === 'd.txt' ? loaded : undefined),
      () => seen.push(files.filter((file) => existsSync(path.join(root, file)))),
    );
    // The last file waits for its input, so the writer cannot have everything yet.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual([]);
    release();
    await writing;
    expect(seen).toEqual([files]);
  });

  it('fails the build on a page that cannot render, naming it, after the files before it', async () => {
    const dir = path.join(root, 'render-failure');
    mkdirSync(dir);
    const planned: PlannedFile[] = [
      { path: 'first.html', key: '1', render: () => 'first' },
      {
        path: 'broken.html',
        key: '2',
        render: () => {
          throw new TypeError('no cards');
        },
      },
      { path: 'never.html', key: '3', render: () => 'never' },
    ];
    const counts = { written: 0, unchanged: 0, refused: new Map<string, string>() };
    const writing = writeFiles(
      createSiteFileWriter({ root: dir, rootIsNew: false, staged: false }),
      planned,
      counts,
    );
    await expect(writing).rejects.toThrow('cannot render broken.html');
    expect(counts.written).toBe(1);
    expect(existsSync(path.join(dir, 'never.html'))).toBe(false);
  });
});
