import { describe, expect, it } from 'vitest';
import { assignIdentities } from './item-identity.js';
import type { FeedItem } from './model.js';

const item = (title: string, id: string | null, link: string | null = null): FeedItem => ({
  id,
  title,
  link,
  published: null,
  updated: null,
  author: null,
  summary: null,
  content: `<p>${title}</p>`,
  categories: [],
  enclosures: [],
  image: null,
  baseUrl: null,
});

const identities = (items: FeedItem[]): Record<string, string> =>
  Object.fromEntries(assignIdentities(items).map(({ identity, item }) => [item.title ?? '', identity]));

describe('assignIdentities', () => {
  it('uses the guid when it is unique in the fetch', () => {
    expect(identities([item('A', 'a'), item('B', 'b')])).toEqual({ A: 'id:a', B: 'id:b' });
  });

  it('gives items sharing a guid identities that do not depend on their place in the feed', () => {
    const alpha = item('Alpha', 'https://ex.com/', 'https://ex.com/alpha');
    const beta = item('Beta', 'https://ex.com/', 'https://ex.com/beta');
    const gamma = item('Gamma', 'https://ex.com/', 'https://ex.com/gamma');
    const first = identities([alpha, beta]);
    const second = identities([gamma, alpha, beta]);
    expect(second.Alpha).toBe(first.Alpha);
    expect(second.Beta).toBe(first.Beta);
    expect(new Set(Object.values(second)).size).toBe(3);
    // Told apart by link, an item keeps its identity when its text is edited.
    expect(identities([{ ...alpha, content: '<p>edited</p>' }, beta]).Alpha).toBe(first.Alpha);
  });

  it('tells items sharing a guid and a link apart by their text, and drops exact repeats', () => {
    const one = item('One', 'same', 'https://ex.com/');
    const two = item('Two', 'same', 'https://ex.com/');
    const result = assignIdentities([one, two, { ...one }]);
    expect(result.map(({ item }) => item.title)).toEqual(['One', 'Two']);
    expect(result[0]?.identity).not.toBe(result[1]?.identity);
  });

  it('drops an exact repeat of an item told apart by its link among others of its guid', () => {
    const one = item('One', 'shared', 'https://ex.com/one');
    const two = item('Two', 'shared', 'https://ex.com/two');
    const repeated = assignIdentities([one, two, { ...one }]);
    expect(repeated).toEqual(assignIdentities([one, two]));
  });

  it('gives an item its plain identity whether or not the feed repeats it exactly', () => {
    const one = item('One', 'only', 'https://ex.com/one');
    const two = item('Two', 'other', 'https://ex.com/two');
    const alone = assignIdentities([one, two]);
    const repeated = assignIdentities([one, { ...one }, two, { ...one }]);
    expect(repeated).toEqual(alone);
    expect(alone[0]?.identity).toBe('id:only');
  });
});
