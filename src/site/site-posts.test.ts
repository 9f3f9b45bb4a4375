import { describe, expect, it } from 'vitest';
import type { ItemHeader } from '../store/store.js';
import { createSitePosts } from './site-posts.js';

const header = (identity: string, published: string | null): ItemHeader => ({
  sourceKey: 'feeds/a.xml',
  identity,
  title: identity,
  link: null,
  published,
  updated: null,
  firstSeenAt: '2024-01-02T00:00:00.000Z',
  changedAt: '2024-01-02T00:00:00.000Z',
});

describe('createSitePosts', () => {
  it('orders posts newest first, and posts of one date as the store lists them (feed order)', () => {
    // Undated items of one fetch share their first-seen time; the feed listed them newest first.
    const items = ['id:newest', 'id:middle', 'id:oldest', 'id:later'].map((identity) =>
      header(identity, identity === 'id:later' ? '2024-01-03T00:00:00.000Z' : null),
    );
    const sources = [{ key: 'feeds/a.xml', categories: ['a', 'b', 'c'] }] as never;
    const posts = createSitePosts(items, sources, new Map());
    expect(posts.map((post) => post.item.identity)).toEqual([
      'id:later',
      'id:newest',
      'id:middle',
      'id:oldest',
    ]);
  });

  it('dates a post by the first of its published, updated and first-seen times that is in range', () => {
    const dated = (published: string | null, updated: string | null, firstSeenAt: string) =>
      createSitePosts(
        [{ ...header('id:a', published), updated, firstSeenAt }],
        [{ key: 'feeds/a.xml', categories: ['a', 'b', 'c'] }] as never,
        new Map(),
      )[0]?.date;
    expect(dated('+275760-09-13T00:00:00.000Z', null, '2024-01-02T00:00:00.000Z')).toBe(
      '2024-01-02T00:00:00.000Z',
    );
    expect(dated('+010000-01-01T04:00:00.000Z', '2024-01-01T00:00:00.000Z', '2024-01-02T00:00:00.000Z')).toBe(
      '2024-01-01T00:00:00.000Z',
    );
    expect(dated('garbage', null, '2024-01-02T00:00:00.000Z')).toBe('2024-01-02T00:00:00.000Z');
    expect(dated('1969-07-20T20:17:40.000Z', null, '2024-01-02T00:00:00.000Z')).toBe(
      '2024-01-02T00:00:00.000Z',
    );
    expect(dated(null, null, '+010000-01-01T00:00:00.000Z')).toBe('9999-12-31T23:59:59.999Z');
    expect(dated('9999-12-31T23:59:59.000Z', null, '2024-01-02T00:00:00.000Z')).toBe(
      '9999-12-31T23:59:59.000Z',
    );
  });
});
