import { describe, expect, it } from 'vitest';
import { createCategoryPaths } from './site-paths.js';

describe('createCategoryPaths', () => {
  it('keeps readable names, CJK included, as they are', () => {
    const paths = createCategoryPaths([
      ['编程', '掘金', '热门'],
      ['Tech', 'Hacker News', 'Top'],
    ]);
    expect(paths(['编程', '掘金', '热门'])).toBe('categories/编程/掘金/热门/');
    expect(paths(['Tech', 'Hacker News'])).toBe('categories/Tech/Hacker-News/');
  });

  it('gives names that clean to the same segment pages of their own', () => {
    const paths = createCategoryPaths([
      ['Lang', 'C++', 'News'],
      ['Lang', 'C#', 'News'],
      ['Lang', 'Go', 'News'],
    ]);
    const plus = paths(['Lang', 'C++']);
    const sharp = paths(['Lang', 'C#']);
    expect(plus).toMatch(/^categories\/Lang\/C-[0-9a-f]{6}\/$/);
    expect(sharp).toMatch(/^categories\/Lang\/C-[0-9a-f]{6}\/$/);
    expect(plus).not.toBe(sharp);
    expect(paths(['Lang', 'Go'])).toBe('categories/Lang/Go/');
    // The same names under other parents do not collide, so they stay clean there.
    expect(createCategoryPaths([['A', 'C++']])(['A', 'C++'])).toBe('categories/A/C/');
  });

  it('never names a category folder like a file or folder of its parent category', () => {
    const paths = createCategoryPaths([
      ['a', 'b', 'rss.xml'],
      ['a', 'b', 'page'],
      ['a', 'b', 'index.html'],
    ]);
    for (const name of ['rss.xml', 'page', 'index.html'])
      expect(paths(['a', 'b', name])).toMatch(
        new RegExp(`^categories/a/b/${name.replace('.', '\\.')}-[0-9a-f]{6}/$`),
      );
  });
});
