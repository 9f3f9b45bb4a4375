import { describe, expect, it } from 'vitest';
import { parseFeed } from './parse-feed.js';

const rss = (channel: string): string =>
  `<rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>t</title>${channel}<item><title>a</title></item></channel></rss>`;
const ttlOf = (text: string): number | null => parseFeed(text, { timezone: 'UTC' }).ttlMinutes;

describe('declared update interval', () => {
  it('reads RSS <ttl> in minutes', () => {
    expect(ttlOf(rss('<ttl>5</ttl>'))).toBe(5);
  });

  it('reads the Syndication module, dividing the period by the frequency', () => {
    expect(
      ttlOf(rss('<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>')),
    ).toBe(30);
    expect(ttlOf(rss('<sy:updatePeriod> Daily </sy:updatePeriod>'))).toBe(1440);
    const rdf = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:s="http://purl.org/rss/1.0/modules/syndication/"><channel><title>t</title><s:updatePeriod>weekly</s:updatePeriod></channel><item><title>a</title></item></rdf:RDF>`;
    expect(ttlOf(rdf)).toBe(10080);
  });

  it('ignores nonsense and says nothing for Atom and JSON Feed', () => {
    expect(ttlOf(rss('<ttl>soon</ttl><sy:updatePeriod>fortnightly</sy:updatePeriod>'))).toBeNull();
    expect(ttlOf(rss('<ttl>-5</ttl>'))).toBeNull();
    expect(
      ttlOf(
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>a</title></entry></feed>',
      ),
    ).toBeNull();
    expect(ttlOf('{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[]}')).toBeNull();
  });
});
