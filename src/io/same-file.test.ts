import { linkSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { foldCase, isSameFile } from './same-file.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('isSameFile', () => {
  it('tells one file under two names from two files, and a missing file from both', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-same-'));
    const [a, b, link, alias] = ['a', 'b', 'link', 'alias'].map((name) => path.join(dir, name)) as [
      string,
      string,
      string,
      string,
    ];
    writeFileSync(a, 'x');
    writeFileSync(b, 'x');
    linkSync(a, link);
    symlinkSync(a, alias);
    expect(await isSameFile(a, a)).toBe(true);
    expect(await isSameFile(a, link)).toBe(true);
    expect(await isSameFile(alias, a)).toBe(true);
    expect(await isSameFile(a, b)).toBe(false);
    expect(await isSameFile(a, path.join(dir, 'missing'))).toBe(false);
  });
});

describe('foldCase', () => {
  it('folds what case-insensitive file systems take for one name', () => {
    expect(foldCase('News')).toBe(foldCase('news'));
    expect(foldCase('ΟΔΟΣ')).toBe(foldCase('οδός'.normalize('NFD').replace(/\p{M}/gu, '')));
    expect(foldCase('οδος')).toBe(foldCase('οδοσ'));
    expect(foldCase('a')).not.toBe(foldCase('b'));
  });
});
