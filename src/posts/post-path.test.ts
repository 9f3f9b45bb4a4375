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
    expect(safePathSegment('外媒："中国\'新基建\'" & more; a+b=c', 'x')).toBe(
      '外媒：-中国-新基建-more-a-b-c',
    );
  });

  it('cuts long names to at most 120 bytes without splitting a character', () => {
    const name = safePathSegment('汉'.repeat(100), 'x');
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(120);
    expect(name).toBe('汉'.repeat(40));
  });

  it('nests posts by the three category levels', () => {
    expect(postRelativePath(['新媒体', 'IT 之家', 'source'], 'x.md')).toBe(
      ['新媒体', 'IT-之家', 'source', 'x.md'].join('/'),
    );
  });
});
