import { describe, expect, it } from 'vitest';
import { createCategoryPaths, relativeLinker } from './site-paths.js';

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

  it('gives names that differ only in case folders that differ in more than case', () => {
    const names = ['News', 'news', 'NEWS', 'ΟΔΟΣ', 'οδός', 'οδοσ'];
    const paths = createCategoryPaths(names.map((name) => ['Top', name, 'c']));
    const folders = names.map((name) => paths(['Top', name]));
    // Windows and macOS fold case: two folders that fold alike are one folder there.
    const folded = new Set(folders.map((folder) => folder.toUpperCase().toLowerCase()));
    expect(folded.size).toBe(names.length);
    expect(createCategoryPaths([['Top', 'News', 'c']])(['Top', 'News'])).toBe('categories/Top/News/');
  });

  it('never names a category folder after a Windows device, and keeps it apart from look-alikes', () => {
    const names = ['CON', 'con', 'CON_', 'nul.txt', 'Aux', 'com1', 'LPT9'];
    const paths = createCategoryPaths(names.map((name) => [name, 'b', 'c']));
    const folders = names.map((name) => paths([name]).split('/')[1] ?? '');
    for (const folder of folders) expect(folder).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i);
    expect(new Set(folders.map((folder) => folder.toLowerCase())).size).toBe(names.length);
  });
});

describe('relative links', () => {
  it('climbs only out of the folders the two paths do not share, and encodes what needs it', () => {
    const from = 'categories/编程/掘金/page/2.html';
    const link = relativeLinker(from);
    expect(link('posts/ab12.html')).toBe('../../../../posts/ab12.html');
    expect(link('categories/编程/')).toBe('../../');
    expect(link('categories/编程/掘金/')).toBe('../');
    expect(link('categories/编程/掘金/page/3.html')).toBe('3.html');
    expect(link('categories/编程/掘金/page/')).toBe('./');
    // A folder that only starts like one of the page's is not shared.
    expect(link('categories/编程2/')).toBe('../../../%E7%BC%96%E7%A8%8B2/');
    expect(link('categories/a b/c~d_e.html')).toBe('../../../a%20b/c~d_e.html');
    expect(relativeLinker('')('posts/ab12.html')).toBe('posts/ab12.html');
    expect(relativeLinker('index.html')('')).toBe('./');
    expect(relativeLinker('posts/ab12.html')('categories/编程/')).toBe('../categories/%E7%BC%96%E7%A8%8B/');
  });
});
