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

describe('an undated item', () => {
  const sources = [
    { key: 'feeds/a.xml', categories: ['a', 'b', 'c'] },
    { key: 'feeds/b.xml', categories: ['a', 'x', 'c'] },
  ] as never;
  // One fetch of a.xml at 12:00 listed: A (10:00), X (no date), B (08:00), Y (no date); the store
  // lists undated items first (by their first-seen time), as it does.
  const fetched = (identity: string, published: string | null, sequence: number): ItemHeader => ({
    ...header(identity, published),
    firstSeenAt: '2024-01-02T12:00:00.000Z',
    sequence,
  });
  const items = [
    fetched('id:X', null, 2),
    fetched('id:Y', null, 4),
    fetched('id:A', '2024-01-02T10:00:00.000Z', 1),
    { ...header('id:other', '2024-01-02T09:00:00.000Z'), sourceKey: 'feeds/b.xml', sequence: 5 },
    fetched('id:B', '2024-01-02T08:00:00.000Z', 3),
  ];

  it('takes the date of the next dated item its feed listed, so it stays among its neighbours', () => {
    const posts = createSitePosts(items, sources, new Map());
    expect(posts.map((post) => post.item.identity)).toEqual(['id:A', 'id:other', 'id:X', 'id:B', 'id:Y']);
    const byId = new Map(posts.map((post) => [post.item.identity, post]));
    expect(byId.get('id:X')).toMatchObject({ date: '2024-01-02T08:00:00.000Z', dateKnown: true });
    // The last one in the feed: the dated item above it.
    expect(byId.get('id:Y')).toMatchObject({ date: '2024-01-02T08:00:00.000Z', dateKnown: true });
    expect(byId.get('id:A')).toMatchObject({ date: '2024-01-02T10:00:00.000Z', dateKnown: true });
  });

  it('keeps its first-seen time, marked unknown, when nothing in its fetch is dated', () => {
    const alone = [fetched('id:P', null, 1), fetched('id:Q', null, 2)];
    const posts = createSitePosts(alone, sources, new Map());
    expect(posts.map((post) => [post.date, post.dateKnown])).toEqual([
      ['2024-01-02T12:00:00.000Z', false],
      ['2024-01-02T12:00:00.000Z', false],
    ]);
  });

  it('changes its fingerprint when the neighbour it is dated by changes its date', () => {
    const before = createSitePosts(items, sources, new Map()).find((post) => post.item.identity === 'id:X');
    const moved = items.map((item) =>
      item.identity === 'id:B' ? { ...item, published: '2024-01-02T07:00:00.000Z' } : item,
    );
    const after = createSitePosts(moved, sources, new Map()).find((post) => post.item.identity === 'id:X');
    expect(after?.date).toBe('2024-01-02T07:00:00.000Z');
    expect(after?.fingerprint).not.toBe(before?.fingerprint);
  });
});
