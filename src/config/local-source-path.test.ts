import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { localSourcePath } from './local-source-path.js';
import { resolveSourceLocation } from './resolve-config.js';

describe('localSourcePath', () => {
  const cwd = '/home/me/elsewhere';
  const config = '../site/newsmill.yaml';

  it('writes a path typed from another folder relative to the config, which resolves to the same file', () => {
    const local = localSourcePath('../site/feeds/a.xml', cwd, config);
    expect(local).toEqual({ file: '/home/me/site/feeds/a.xml', url: 'feeds/a.xml' });
    // What the config will read back: the same file, whichever folder `run` starts in.
    expect(resolveSourceLocation(local.url, 'https://rsshub.app', '/home/me/site')).toBe(local.file);
    expect(localSourcePath('../shared/b.xml', cwd, config).url).toBe('../shared/b.xml');
    expect(localSourcePath('./a.xml', '/home/me/site', 'newsmill.yaml').url).toBe('a.xml');
  });

  it('keeps an absolute path or file: URL outside the config folder, and makes one inside it relative', () => {
    expect(localSourcePath('/srv/feeds/a.xml', cwd, config)).toEqual({
      file: '/srv/feeds/a.xml',
      url: '/srv/feeds/a.xml',
    });
    expect(localSourcePath('/home/me/site/feeds/a.xml', cwd, config).url).toBe('feeds/a.xml');
    const inside = pathToFileURL('/home/me/site/feeds/a b.xml').href;
    expect(localSourcePath(inside, cwd, config)).toEqual({
      file: '/home/me/site/feeds/a b.xml',
      url: 'feeds/a b.xml',
    });
    expect(localSourcePath('file:///srv/feeds/a.xml', cwd, config).url).toBe('file:///srv/feeds/a.xml');
  });

  it('writes ./ before a name the config would read as a URL scheme', () => {
    const local = localSourcePath('./site/rss:today.xml', '/home/me', 'site/newsmill.yaml');
    expect(local.url).toBe('./rss:today.xml');
    expect(resolveSourceLocation(local.url, 'https://rsshub.app', '/home/me/site')).toBe(local.file);
  });

  it('refuses a file: URL that names no absolute local path', () => {
    expect(() => localSourcePath('file:feeds/a.xml', cwd, config)).toThrow(
      /file:feeds\/a\.xml: a file: URL must be absolute \(file:\/\/\/path\/to\/feed\.xml\); or give the path/,
    );
    expect(() => localSourcePath('file://server/share/a.xml', cwd, config)).toThrow(/not a local file/);
  });

  it('writes / between folders on Windows too, so the config works on any machine', () => {
    const win = path.win32;
    expect(
      localSourcePath('..\\site\\feeds\\a.xml', 'C:\\me\\elsewhere', '..\\site\\newsmill.yaml', win),
    ).toEqual({
      file: 'C:\\me\\site\\feeds\\a.xml',
      url: 'feeds/a.xml',
    });
    // Another drive has no relative path: the absolute one is kept.
    expect(localSourcePath('D:\\feeds\\a.xml', 'C:\\me', 'site\\newsmill.yaml', win).url).toBe(
      'D:\\feeds\\a.xml',
    );
  });
});
