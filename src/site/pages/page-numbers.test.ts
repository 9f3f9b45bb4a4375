import { describe, expect, it } from 'vitest';
import { pagerKey, pagerNumbers, renderPager } from './page-numbers.js';
import { siteLabelsFor } from './site-labels.js';

describe('the numbered pager', () => {
  it('lists two pages either side of the current one, page 1, and gaps', () => {
    expect(pagerNumbers({ current: null, numbered: 0 })).toEqual([]);
    expect(pagerNumbers({ current: null, numbered: 2 })).toEqual([2, 1]);
    expect(pagerNumbers({ current: null, numbered: 9 })).toEqual([9, 8, null, 1]);
    expect(pagerNumbers({ current: 9, numbered: 9 })).toEqual([9, 8, 7, null, 1]);
    expect(pagerNumbers({ current: 5, numbered: 9 })).toEqual([null, 7, 6, 5, 4, 3, null, 1]);
    expect(pagerNumbers({ current: 3, numbered: 9 })).toEqual([null, 5, 4, 3, 2, 1]);
    expect(pagerNumbers({ current: 4, numbered: 9 })).toEqual([null, 6, 5, 4, 3, 2, 1]);
  });

  it('keys a page by what its pager shows of the list’s size, so a new page changes few pagers', () => {
    // Page 5 of 9 and of 20 show the same numbers: same key.
    expect(pagerKey({ current: 5, numbered: 9 })).toBe(pagerKey({ current: 5, numbered: 20 }));
    expect(pagerKey({ current: 8, numbered: 9 })).not.toBe(pagerKey({ current: 8, numbered: 10 }));
    // Equal keys exactly where the pagers are equal, over every place and a list that shrinks or grows.
    for (let numbered = 1; numbered <= 8; numbered++)
      for (const other of [numbered - 1, numbered + 1])
        for (const current of [null, ...Array.from({ length: Math.min(numbered, other) }, (_, n) => n + 1)]) {
          const same =
            pagerNumbers({ current, numbered }).join() === pagerNumbers({ current, numbered: other }).join();
          expect(same, `page ${current} of ${numbered} and ${other}`).toBe(
            pagerKey({ current, numbered }) === pagerKey({ current, numbered: other }),
          );
        }
  });

  it('marks the current page, which is no link, and links the others', () => {
    const html = renderPager(
      { current: 3, numbered: 4 },
      siteLabelsFor('zh-CN'),
      (number) => (number === null ? 'index.html' : `page/${number}.html`),
      'page/4.html',
      'page/2.html',
    );
    expect(html).toContain('<a rel="prev" href="page/4.html">← 较新</a>');
    expect(html).toContain('<a href="index.html" aria-label="最新">最新</a>');
    expect(html).toContain('<span aria-current="page" aria-label="第 3 页">3</span>');
    expect(html).toContain('<a href="page/1.html" aria-label="第 1 页">1</a>');
    expect(html).toContain('<a rel="next" href="page/2.html">较早 →</a>');
    expect(html.match(/aria-current/g)).toHaveLength(1);
  });
});
