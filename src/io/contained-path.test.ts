import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  containedFiles,
  createContainedFolder,
  OutsideFolderError,
  sweepContainedFiles,
} from './contained-path.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function sandbox(): { root: string; outside: string } {
  dir = mkdtempSync(path.join(tmpdir(), 'newsmill-contained-'));
  const root = path.join(dir, 'root');
  const outside = path.join(dir, 'outside');
  mkdirSync(path.join(root, 'real'), { recursive: true });
  mkdirSync(outside);
  return { root, outside };
}

function reasonOf(result: string | OutsideFolderError): string {
  if (typeof result === 'string') throw new Error(`accepted ${result}`);
  return result.reason;
}

describe('createContainedFolder', () => {
  it('accepts paths inside and returns them resolved', () => {
    const { root } = sandbox();
    const folder = createContainedFolder(root);
    expect(folder.check('a/b.html')).toBe(path.join(root, 'a/b.html'));
    expect(folder.check('编程/掘金/x.md')).toBe(path.join(root, '编程/掘金/x.md'));
    expect(folder.check('a/../b.html')).toBe(path.join(root, 'b.html'));
    expect(folder.check('./a//b')).toBe(path.join(root, 'a/b'));
    // On POSIX a backslash is part of a name, so this is one file inside the folder.
    expect(folder.check('..\\..\\x')).toBe(path.join(root, '..\\..\\x'));
    expect(folder.check('...')).toBe(path.join(root, '...'));
  });

  it('refuses paths that leave the folder, name it, are absolute, empty or hold a NUL', () => {
    const { root } = sandbox();
    const folder = createContainedFolder(root);
    expect(reasonOf(folder.check('../outside/x'))).toBe(`it leads outside ${root}`);
    expect(reasonOf(folder.check('a/../../x'))).toBe(`it leads outside ${root}`);
    expect(reasonOf(folder.check('/etc/hostname'))).toBe(`an absolute path, not one inside ${root}`);
    expect(reasonOf(folder.check('a/..'))).toBe(`it names ${root} itself`);
    expect(reasonOf(folder.check('.'))).toBe(`it names ${root} itself`);
    expect(reasonOf(folder.check(''))).toBe('the path is empty');
    expect(reasonOf(folder.check('a\0b'))).toBe('the path contains a NUL character');
    // A sibling whose name starts with the folder's is outside too.
    expect(reasonOf(folder.check(`../${path.basename(root)}2/x`))).toMatch(/leads outside/);
  });

  it('names the path quoted in its message, so control characters are shown, not obeyed', () => {
    const { root } = sandbox();
    const refused = createContainedFolder(root).check('../\u001b[2Jx');
    expect(refused).toBeInstanceOf(OutsideFolderError);
    expect((refused as OutsideFolderError).message).toBe(
      `refused "../\\u001b[2Jx": it leads outside ${root}`,
    );
  });

  it('refuses paths through a symlinked folder that leaves it, at any depth', () => {
    const { root, outside } = sandbox();
    symlinkSync(outside, path.join(root, 'away'));
    symlinkSync(path.join(dir, 'missing'), path.join(root, 'real/dangling'));
    const folder = createContainedFolder(root);
    expect(reasonOf(folder.check('away/x'))).toBe(
      `${path.join(root, 'away')} is a symbolic link to ${outside}, outside ${root}`,
    );
    expect(reasonOf(folder.check('away/deeper/still/x'))).toMatch(/away is a symbolic link/);
    expect(reasonOf(folder.check('real/dangling/x'))).toMatch(
      /dangling is a symbolic link to a missing target/,
    );
    // The link itself may be deleted (rm removes the link, never what it points at).
    expect(folder.check('away')).toBe(path.join(root, 'away'));
  });

  it('accepts a symlinked folder that stays inside, and a root that is itself a symlink', () => {
    const { root } = sandbox();
    symlinkSync(path.join(root, 'real'), path.join(root, 'alias'));
    const linkedRoot = path.join(dir, 'linked-root');
    symlinkSync(root, linkedRoot);
    expect(createContainedFolder(root).check('alias/x')).toBe(path.join(root, 'alias/x'));
    expect(createContainedFolder(linkedRoot).check('alias/x')).toBe(path.join(linkedRoot, 'alias/x'));
  });

  it('accepts folders that do not exist yet, below a root that may not exist either', () => {
    const { root } = sandbox();
    expect(createContainedFolder(root).check('new/deeper/x')).toBe(path.join(root, 'new/deeper/x'));
    const absent = path.join(dir, 'absent');
    expect(createContainedFolder(absent).check('a/b')).toBe(path.join(absent, 'a/b'));
  });

  it('keeps a sweep to the files of the folder, whatever the listing walked', () => {
    const { root, outside } = sandbox();
    writeFileSync(path.join(root, 'real/.a.newsmill-tmp-1'), '');
    writeFileSync(path.join(outside, '.b.newsmill-tmp-1'), '');
    symlinkSync(outside, path.join(root, 'away'));
    // Node 20's readdirSync walks symlinked folders, so its listing names the outside file too.
    const entries = readdirSync(root, { recursive: true, withFileTypes: true });
    const stale = containedFiles(root, entries, (name) => name.includes('.newsmill-tmp-'));
    expect(stale).toEqual([path.join(root, 'real/.a.newsmill-tmp-1')]);
  });

  it('sweeps the matching files of the folder and only those, and a missing folder holds none', async () => {
    const { root, outside } = sandbox();
    writeFileSync(path.join(root, 'real/.a.newsmill-tmp-1'), '');
    writeFileSync(path.join(root, 'real/a.html'), '');
    writeFileSync(path.join(outside, '.b.newsmill-tmp-1'), '');
    symlinkSync(outside, path.join(root, 'away'));
    expect(await sweepContainedFiles(root, (name) => name.includes('.newsmill-tmp-'))).toBe(1);
    expect(existsSync(path.join(root, 'real/.a.newsmill-tmp-1'))).toBe(false);
    expect(existsSync(path.join(root, 'real/a.html'))).toBe(true);
    expect(existsSync(path.join(outside, '.b.newsmill-tmp-1'))).toBe(true);
    expect(await sweepContainedFiles(path.join(root, 'absent'), () => true)).toBe(0);
  });
});
