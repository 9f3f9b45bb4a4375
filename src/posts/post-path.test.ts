import { describe, expect, it } from 'vitest';
import { safePathSegment } from '../io/safe-path-segment.js';
import { postFileName, postRelativePath } from './post-path.js';

describe('post file names', () => {
  it('keeps CJK titles readable and appends the identity digest', () => {
    expect(postFileName('冬奥之约 中俄元首外交共启两国关系新篇章', 'adfa2d9bcf20')).toBe(
      '冬奥之约-中俄元首外交共启两国关系新篇章-adfa2d9bcf20.md',
    );
  });

  it('replaces characters unsafe on any filesystem and never produces hidden files', () => {
    expect(safePathSegment('../a/b\\c:d*e?f"g<h>i|j', 'x')).toBe('a-b-c-d-e-f-g-h-i-j');
    expect(safePathSegment('...', 'fallback')).toBe('fallback');
    expect(safePathSegment('_config.yml 的三个坑', 'x')).toBe('config.yml-的三个坑');
    expect(safePathSegment('🔥 热门', 'x')).toBe('🔥-热门');
    expect(safePathSegment('外媒："中国\'新基建\'" & more; a+b=c', 'x')).toBe(
      '外媒：-中国-新基建-more-a-b-c',
    );
  });

  it('drops C1 controls, bidi overrides and line separators, which disguise a name', () => {
    // "evil\u202Etxt.exe" shows as "evilexe.txt" in a file manager or `ls` (CVE-2021-42574).
    expect(postFileName('evil\u202Etxt.exe', 'd')).toBe('evil-txt.exe-d.md');
    expect(safePathSegment('a\u009b31m\u0085b\u2028c\u2029d\u2066e\u2069f\u202Ag', 'x')).toBe(
      'a-31m-b-c-d-e-f-g',
    );
    // Right-to-left text and its marks are kept: they show as written.
    expect(safePathSegment('שלום\u200Fעולם', 'x')).toBe('שלום\u200Fעולם');
  });

  it('cuts long names to at most 120 bytes without splitting a character', () => {
    const name = safePathSegment('汉'.repeat(100), 'x');
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(120);
    expect(name).toBe('汉'.repeat(40));
  });

  it('gives a category with no safe character a folder of its own that Hexo does not hide', () => {
    const [first, second] = [
      postRelativePath(['a', '???', 'c'], 'x.md'),
      postRelativePath(['a', '***', 'c'], 'x.md'),
    ];
    expect(first).toMatch(/^a\/c-[0-9a-f]{8}\/c\/x\.md$/);
    expect(second).not.toBe(first);
  });

  it('nests posts by the three category levels', () => {
    expect(postRelativePath(['新媒体', 'IT 之家', 'source'], 'x.md')).toBe(
      ['新媒体', 'IT-之家', 'source', 'x.md'].join('/'),
    );
  });
});

// Win32 path rules, written out independently of the code under test: a device name (before the
// first dot, trailing spaces ignored) with or without an extension, or a trailing dot or space.
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
function isWindowsInvalid(segment: string): boolean {
  const base = (segment.split('.')[0] ?? '').replace(/ +$/, '');
  // eslint-disable-next-line no-control-regex
  return WINDOWS_DEVICE.test(base) || /[. ]$/.test(segment) || /[<>:"/\\|?*\u0000-\u001f]/.test(segment);
}

const RESERVED_NAMES = [
  ...['CON', 'con', 'PRN', 'AUX', 'aux', 'NUL', 'nul', 'com1', 'COM9', 'COM0', 'LPT9', 'lpt1'],
  ...['nul.txt', 'Aux.tar.gz', 'lpt1.', 'CON  ', 'con.', 'NUL . txt', 'COM¹', 'lpt³.md', 'cOn...'],
];

describe('Windows device names', () => {
  it('never become a folder or file name Windows refuses, in any case, with any extension', () => {
    for (const name of RESERVED_NAMES) {
      const segment = safePathSegment(name, 'x');
      expect({ name, segment, invalid: isWindowsInvalid(segment) }).toEqual({
        name,
        segment,
        invalid: false,
      });
      const relative = postRelativePath([name, name, name], postFileName(name, 'adfa2d9bcf20'));
      for (const part of relative.split('/'))
        expect({ name, part, invalid: isWindowsInvalid(part) }).toMatchObject({ invalid: false });
    }
  });

  it('keeps the name readable and leaves names that only start like a device alone', () => {
    expect(safePathSegment('CON', 'x')).toBe('CON_');
    expect(safePathSegment('nul.txt', 'x')).toBe('nul_.txt');
    for (const name of ['CONSOLE', 'com10', 'auxiliary', 'LPT', 'nul-txt', 'Conan.txt'])
      expect(safePathSegment(name, 'x')).toBe(name);
  });
});
