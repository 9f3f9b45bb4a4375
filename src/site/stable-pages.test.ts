import { describe, expect, it } from 'vitest';
import { paginateStable } from './stable-pages.js';

const newestFirst = (count: number): number[] => Array.from({ length: count }, (_, i) => count - i);

describe('paginateStable', () => {
  it('puts a short list on one page', () => {
    expect(paginateStable(newestFirst(3), 5)).toEqual([
      { number: null, items: [3, 2, 1], newer: undefined, older: undefined },
    ]);
  });

  it('numbers pages from the oldest and keeps the remainder on the first page', () => {
    const pages = paginateStable(newestFirst(24), 5);
    expect(pages.map((page) => [page.number, page.items.length, page.newer, page.older])).toEqual([
      [null, 9, undefined, 3],
      [3, 5, null, 2],
      [2, 5, 3, 1],
      [1, 5, 2, undefined],
    ]);
    expect(pages.flatMap((page) => page.items)).toEqual(newestFirst(24));
    expect(pages[3]?.items).toEqual([5, 4, 3, 2, 1]);
  });

  it('leaves every numbered page unchanged when an item is appended', () => {
    for (let count = 5; count < 40; count++) {
      const before = paginateStable(newestFirst(count), 5).filter((page) => page.number !== null);
      const after = paginateStable(newestFirst(count + 1), 5);
      for (const page of before) {
        // Every numbered page is still there, with the same items, under the same number.
        const same = after.find((candidate) => candidate.number === page.number);
        expect(same?.items).toEqual(page.items);
      }
      const numbered = after.filter((page) => page.number !== null).length;
      expect(numbered).toBeGreaterThanOrEqual(before.length);
    }
  });

  it('pages the newest part of a longer list as the whole list, leaving out pages it does not hold', () => {
    for (let count = 1; count < 60; count++)
      for (let shown = 0; shown <= count; shown++) {
        const whole = paginateStable(newestFirst(count), 5);
        const part = paginateStable(newestFirst(count).slice(0, shown), 5, count - shown);
        const expected = whole.filter((page) => whole.indexOf(page) < part.length);
        expect(part).toEqual(expected);
        // Every page wholly within the part is there.
        const held = whole.filter((page) => {
          const end = newestFirst(count).indexOf(page.items.at(-1) as number) + 1;
          return end <= shown;
        });
        expect(part).toHaveLength(held.length);
      }
  });
});
