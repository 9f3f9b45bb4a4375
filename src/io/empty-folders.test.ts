import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolder } from '../test-support/temp-folder.js';
import { removeEmptyFolders } from './empty-folders.js';

describe('removeEmptyFolders', () => {
  it('removes a folder and the parents it leaves empty, up to the root, which stays', async () => {
    const root = tempFolder('newsmill-empty-');
    mkdirSync(path.join(root, 'a/b/c'), { recursive: true });
    mkdirSync(path.join(root, 'a/kept'), { recursive: true });
    writeFileSync(path.join(root, 'a/kept/file.txt'), 'x');
    await removeEmptyFolders(root, path.join(root, 'a/b/c'));
    expect(existsSync(path.join(root, 'a/b'))).toBe(false);
    expect(existsSync(path.join(root, 'a/kept/file.txt'))).toBe(true);
    await removeEmptyFolders(root, path.join(root, 'a/kept'));
    expect(existsSync(path.join(root, 'a/kept'))).toBe(true);
    mkdirSync(path.join(root, 'alone'));
    await removeEmptyFolders(`${root}${path.sep}`, path.join(root, 'alone'));
    expect(existsSync(path.join(root, 'alone'))).toBe(false);
    expect(existsSync(root)).toBe(true);
  });

  it('touches nothing outside the root, not even a sibling whose name starts like it', async () => {
    const parent = tempFolder('newsmill-empty-');
    const root = path.join(parent, 'site');
    mkdirSync(path.join(parent, 'site-old/empty'), { recursive: true });
    mkdirSync(root);
    await removeEmptyFolders(root, path.join(parent, 'site-old/empty'));
    await removeEmptyFolders(root, root);
    expect(existsSync(path.join(parent, 'site-old/empty'))).toBe(true);
    expect(existsSync(root)).toBe(true);
  });
});
