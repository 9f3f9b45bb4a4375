import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSiteFileWriter } from './site-file-writer.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'newsmill-site-writer-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the site file writer', () => {
  it('writes through temp files in a served folder and leaves equal bytes alone', async () => {
    writeFileSync(path.join(dir, 'same.html'), 'same');
    writeFileSync(path.join(dir, 'old.html'), 'old');
    const before = statSync(path.join(dir, 'same.html')).mtimeMs;
    const writer = createSiteFileWriter({ root: dir, rootIsNew: false, staged: false });
    const results = await Promise.all([
      writer.write('same.html', 'same'),
      writer.write('old.html', 'new'),
      writer.write('posts/a/index.html', '文章'),
    ]);
    expect(results).toEqual(['unchanged', 'written', 'written']);
    // Writing into a file as if it were a folder fails that file, with its name.
    await expect(writer.write('same.html/child', 'x')).rejects.toThrow('same.html');
    // ... and only that file: the writer goes on.
    for (const name of ['after-1.html', 'after-2.html'])
      expect(await writer.write(name, 'x')).toBe('written');
    expect(statSync(path.join(dir, 'same.html')).mtimeMs).toBe(before);
    expect(readFileSync(path.join(dir, 'old.html'), 'utf8')).toBe('new');
    expect(readFileSync(path.join(dir, 'posts/a/index.html'), 'utf8')).toBe('文章');
    expect(readdirSync(dir, { recursive: true }).filter((name) => String(name).includes('tmp'))).toEqual([]);
  });

  it('writes in place in a staging folder, which the build creates first', async () => {
    const root = path.join(dir, 'stage');
    mkdirSync(root);
    const writer = createSiteFileWriter({ root, rootIsNew: true, staged: true });
    expect(await writer.write('posts/b/index.html', 'x')).toBe('written');
    expect(readdirSync(root, { recursive: true }).map(String).sort()).toEqual([
      'posts',
      path.join('posts', 'b'),
      path.join('posts', 'b', 'index.html'),
    ]);
  });

  it('refuses a path that leaves the root or goes through a symlinked folder, and writes the rest', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'newsmill-site-writer-outside-'));
    try {
      symlinkSync(outside, path.join(dir, 'away'));
      const writer = createSiteFileWriter({ root: dir, rootIsNew: false, staged: false });
      expect(await writer.write('away/x.html', 'x')).toEqual({
        refused: `refused "away/x.html": ${path.join(dir, 'away')} is a symbolic link to ${outside}, outside ${dir}`,
      });
      expect(await writer.write('../x.html', 'x')).toEqual({
        refused: `refused "../x.html": it leads outside ${dir}`,
      });
      expect(await writer.write('kept.html', 'x')).toBe('written');
      expect(readdirSync(outside)).toEqual([]);
      expect(readFileSync(path.join(dir, 'kept.html'), 'utf8')).toBe('x');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
