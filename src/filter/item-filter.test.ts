import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../core/model.js';
import { compilePattern, createItemFilter } from './item-filter.js';

const item = (overrides: Partial<FeedItem>): FeedItem => ({
  id: null,
  title: '标题',
  link: null,
  published: '2024-01-10T00:00:00.000Z',
  updated: null,
  author: '张三',
  summary: null,
  content: '<p>正文 <a href="https://ads.example/">link</a></p>',
  categories: ['科技'],
  enclosures: [],
  image: null,
  baseUrl: null,
  ...overrides,
});
const now = new Date('2024-01-20T00:00:00.000Z');

describe('item filters', () => {
  it('reads /…/flags as a regular expression and anything else as a case-insensitive keyword', () => {
    expect(compilePattern('/^广告/')('广告：双十一')).toBe(true);
    expect(compilePattern('/^广告/')('非广告')).toBe(false);
    expect(compilePattern('/rust/i')('RUST 1.0')).toBe(true);
    expect(compilePattern('Rust')('learning rust')).toBe(true);
  });

  it('drops items matching an exclude pattern on the named field, with the reason', () => {
    const filter = createItemFilter([{ exclude: { title: ['广告'], author: ['/^机器人$/'] } }]);
    const { kept, filtered } = filter.apply(
      [item({ title: '【广告】买买买' }), item({ author: '机器人' }), item({ title: '新闻' })],
      now,
    );
    expect(kept.map((i) => i.title)).toEqual(['新闻']);
    expect(filtered.map((f) => f.reason)).toEqual([
      'excluded by title pattern 广告',
      'excluded by author pattern /^机器人$/',
    ]);
  });

  it('matches content text, not markup', () => {
    const filter = createItemFilter([{ exclude: { content: ['ads.example'] } }]);
    expect(filter.apply([item({})], now).kept).toHaveLength(1);
  });

  it('requires an include match when includes are given, on any field', () => {
    const filter = createItemFilter([{ include: { any: ['rust'], categories: ['编程'] } }]);
    const { kept } = filter.apply(
      [item({ title: 'Rust 发布' }), item({ categories: ['编程'] }), item({ title: 'Go' })],
      now,
    );
    expect(kept.map((i) => i.title)).toEqual(['Rust 发布', '标题']);
  });

  it('drops items older than maxAgeDays but keeps undated ones', () => {
    const filter = createItemFilter([{ maxAgeDays: 5 }]);
    const { kept, filtered } = filter.apply(
      [item({}), item({ published: null }), item({ published: '2024-01-19T00:00:00Z' })],
      now,
    );
    expect(kept).toHaveLength(2);
    expect(filtered[0]?.reason).toBe('older than 5 days');
  });

  it('applies the global and the source rules together', () => {
    const filter = createItemFilter([
      { exclude: { title: ['a'] } },
      undefined,
      { exclude: { title: ['b'] } },
    ]);
    expect(
      filter.apply([item({ title: 'a' }), item({ title: 'b' }), item({ title: 'c' })], now).kept,
    ).toHaveLength(1);
  });
});
