import { describe, expect, it } from 'vitest';
import { postFileName, postRelativePath, safePathSegment } from './post-path.js';

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
