import { describe, expect, it } from 'vitest';
import { parseFixture } from '../testdata/fixtures.js';

describe('RSS 1.0 (RDF)', () => {
  const feed = parseFixture('rss1.rdf');

  it('reads the channel and the items beside it', () => {
    expect(feed.format).toBe('rdf');
    expect(feed.title).toBe('Slashdot Example');
    expect(feed.link).toBe('https://slashdot.example/');
    expect(feed.description).toBe('News for nerds');
    expect(feed.items.map((item) => item.title)).toEqual(['First story', 'Second story']);
  });

  it('maps Dublin Core fields and uses rdf:about as id', () => {
    const [first] = feed.items;
    expect(first?.id).toBe('https://slashdot.example/story/1');
    expect(first?.link).toBe('https://slashdot.example/story/1?utm=rss');
    expect(first?.author).toBe('msmash');
    expect(first?.categories).toEqual(['tech']);
    expect(first?.published).toBe('2021-12-16T11:28:08.000Z');
    expect(first?.content).toBe('First <i>story</i> text');
  });

  it('falls back to rdf:about for the link and reads a date-only dc:date in the feed zone', () => {
    const second = feed.items[1];
    expect(second?.link).toBe('https://slashdot.example/story/2');
    expect(second?.content).toBe('<p>Full text</p>');
    expect(second?.summary).toBe('Teaser');
    expect(second?.published).toBe('2021-12-16T16:00:00.000Z');
  });
});
