import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../core/model.js';
import { capItemSize, describeItemCuts, MAX_TITLE_BYTES } from './item-size.js';

const item = (fields: Partial<FeedItem>): FeedItem => ({
  id: null,
  title: 'title',
  link: null,
  published: null,
  updated: null,
  author: null,
  summary: null,
  content: null,
  categories: [],
  enclosures: [],
  image: null,
  baseUrl: null,
  ...fields,
});

describe('capItemSize', () => {
  it('returns an item within the limits as it is, with nothing cut', () => {
    const small = item({ content: '<p>汉字</p>', summary: 's' });
    expect(capItemSize(small, 13)).toEqual({ item: small, cuts: [] });
    expect(capItemSize(small, 13).item).toBe(small);
  });

  it('cuts content and summary to the limit at a character, never inside a tag or entity', () => {
    const { item: capped, cuts } = capItemSize(
      item({ content: '<p>ab汉字</p><p class="x">tail</p>', summary: 'x &amp; y' }),
      12,
    );
    // 12 bytes end in `</`, the start of a tag: the cut goes before it.
    expect(capped.content).toBe('<p>ab汉字');
    expect(capped.summary).toBe('x &amp; y');
    expect(cuts).toEqual([{ field: 'content', bytes: 36, limit: 12 }]);
    expect(capItemSize(item({ content: '<p>ab汉字</p>' }), 7).item.content).toBe('<p>ab');
    expect(capItemSize(item({ content: '<p>a<img src="x">' }), 10).item.content).toBe('<p>a');
    expect(capItemSize(item({ content: '<p>a<!-- comment -->' }), 10).item.content).toBe('<p>a');
    expect(capItemSize(item({ content: 'a &amp; b' }), 5).item.content).toBe('a ');
    expect(capItemSize(item({ content: '😀😀' }), 6).item.content).toBe('😀');
  });

  it('keeps a lone < in text, and stays linear on thousands of unfinished tags', () => {
    expect(capItemSize(item({ content: 'a < b and more' }), 8).item.content).toBe('a < b an');
    const adversarial = '<a'.repeat(500_000);
    const started = performance.now();
    expect(capItemSize(item({ content: adversarial }), 100_000).item.content).toBe('');
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('cuts a title to MAX_TITLE_BYTES', () => {
    const { item: capped, cuts } = capItemSize(item({ title: '标题'.repeat(1000) }), 1_000_000);
    expect(Buffer.byteLength(capped.title ?? '')).toBeLessThanOrEqual(MAX_TITLE_BYTES);
    expect(capped.title).toBe('标题'.repeat(170) + '标');
    expect(cuts).toEqual([{ field: 'title', bytes: 6000, limit: MAX_TITLE_BYTES }]);
  });
});

describe('describeItemCuts', () => {
  it('names the item and each cut field with its size and limit', () => {
    expect(
      describeItemCuts('huge', [
        { field: 'title', bytes: 6000, limit: 1024 },
        { field: 'content', bytes: 15 * 1024 * 1024 + 1, limit: 1024 * 1024 },
      ]),
    ).toBe(
      'item "huge": its title is 6,000 bytes, cut to 1,024; its content is 15,361 KB, cut to content.maxItemKB (1,024 KB)',
    );
  });
});
