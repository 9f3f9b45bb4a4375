import { describe, expect, it } from 'vitest';
import { describeOutcome } from '../cli/run-reporter.js';
import { fileFeedSource as setUp, newest } from '../test-support/file-feed-source.js';

describe('limit and catching up', () => {
  it('keeps limit items on a first fetch, then every item that came out since, down to the first one stored', async () => {
    const { fetchFeed, storedIds } = setUp('limit: 5');
    const first = await fetchFeed(newest(12, 1));
    expect(first).toMatchObject({ itemsNew: 5, itemsCaughtUp: 0, warnings: [] });
    expect(await storedIds()).toEqual([8, 9, 10, 11, 12]);

    // Eight came out since: more than the limit. The feed still lists the last fetch's items.
    const second = await fetchFeed(newest(20, 1));
    expect(second).toMatchObject({ itemsNew: 8, itemsUnchanged: 0, itemsCaughtUp: 3, warnings: [] });
    expect(await storedIds()).toEqual(newest(20, 8).reverse());
    expect(describeOutcome(second)).toContain(
      'caught up feed.xml: kept 3 items beyond the limit of 5, which came out since the last fetch',
    );

    // Three came out: the first five reach what is stored, and nothing further down is taken.
    const third = await fetchFeed(newest(23, 1));
    expect(third).toMatchObject({ itemsNew: 3, itemsUnchanged: 2, itemsCaughtUp: 0 });
    expect(await storedIds()).toEqual(newest(23, 8).reverse());
  });

  it('keeps the strict limit with catchUp: false, as before', async () => {
    const { fetchFeed, storedIds } = setUp('limit: 5, catchUp: false');
    await fetchFeed(newest(12, 1));
    const second = await fetchFeed(newest(20, 1));
    expect(second).toMatchObject({ itemsNew: 5, itemsCaughtUp: 0 });
    expect(await storedIds()).toEqual([8, 9, 10, 11, 12, 16, 17, 18, 19, 20]);
  });

  it('leaves a ranking alone when its top items reach what is stored, however much moved below', async () => {
    const { fetchFeed, storedIds } = setUp('limit: 3');
    await fetchFeed([7, 3, 9, 1, 2]);
    // A new entry at the top; one stored item is still in the top three; new ones rose below.
    const second = await fetchFeed([11, 9, 12, 13, 14, 7, 3]);
    expect(second).toMatchObject({ itemsNew: 2, itemsCaughtUp: 0 });
    expect(await storedIds()).toEqual([3, 7, 9, 11, 12]);
  });

  it('catches up at most four limits, and says how many items it had to skip', async () => {
    const { fetchFeed, storedIds } = setUp('limit: 2');
    await fetchFeed(newest(5, 1));
    // 20 came out since (an outage, say), and the feed lists them all.
    const lines = describeOutcome(await fetchFeed(newest(25, 1)));
    expect(lines.slice(1)).toEqual([
      'caught up feed.xml: kept 6 items beyond the limit of 2, which came out since the last fetch',
      'warning feed.xml: 12 more items came out since the last fetch than catching up keeps (4 × limit 2); ' +
        'the oldest were skipped: fetch this source more often or raise its limit',
    ]);
    expect(await storedIds()).toEqual([4, 5, ...newest(25, 18).reverse()]);
  });

  it('keeps limit items and says so when the feed does not reach back to anything stored', async () => {
    const { fetchFeed, storedIds } = setUp('limit: 5');
    await fetchFeed(newest(5, 1));
    // 35 came out since, and the feed lists only the newest 12: the gap cannot be told apart from
    // a feed that renamed its items, which would make every item look new.
    const second = await fetchFeed(newest(40, 29));
    expect(second).toMatchObject({ itemsNew: 5, itemsCaughtUp: 0 });
    expect(second.warnings[0]).toMatch(
      /^none of the 12 items the feed lists \(after filters\) is stored yet .* changed its item IDs; kept 5 \(limit\)/,
    );
    expect(await storedIds()).toEqual([1, 2, 3, 4, 5, 36, 37, 38, 39, 40]);
    // From there on the fetches overlap again.
    const third = await fetchFeed(newest(47, 29));
    expect(third).toMatchObject({ itemsNew: 7, itemsCaughtUp: 2, warnings: [] });
  });

  it('keeps items that share a guid when catching up, each stored once under its own identity', async () => {
    const { fetchFeed, storedIds } = setUp('limit: 2');
    await fetchFeed([5, 4, 3]);
    // 7 and 1 share a guid: each has its identity from the whole feed, so keeping both renames neither.
    const second = await fetchFeed([9, 8, { n: 7, guid: 'dup' }, 6, { n: 1, guid: 'dup' }, 5, 4]);
    expect(second).toMatchObject({ itemsNew: 5, itemsCaughtUp: 3, warnings: [] });
    expect(await storedIds()).toEqual([1, 4, 5, 6, 7, 8, 9]);
    // The guid's items in another order, or one of them alone: nothing new, nothing repeated.
    const third = await fetchFeed([{ n: 7, guid: 'dup' }, 9, 8, { n: 1, guid: 'dup' }, 6]);
    expect(third).toMatchObject({ itemsNew: 0, itemsUnchanged: 2, itemsCaughtUp: 0, warnings: [] });
    const fourth = await fetchFeed([{ n: 1, guid: 'dup' }, 9, 8]);
    expect(fourth).toMatchObject({ itemsNew: 0, itemsUnchanged: 2, itemsCaughtUp: 0, warnings: [] });
    expect(await storedIds()).toEqual([1, 4, 5, 6, 7, 8, 9]);
  });

  it('stops at an item stored under another form of its guid', async () => {
    const { fetchFeed, storedIds } = setUp('limit: 3');
    // 7 and 1 share a guid: both are stored with a suffix.
    await fetchFeed([{ n: 7, guid: 'g' }, { n: 1, guid: 'g' }, 6, 5]);
    expect(await storedIds()).toEqual([1, 6, 7]);
    // Alone, 7 has the plain guid: it is the item stored with a suffix, and stops catching up.
    const second = await fetchFeed([10, 9, 8, { n: 7, guid: 'g' }, 6, 5]);
    expect(second).toMatchObject({ itemsNew: 3, itemsCaughtUp: 0, warnings: [] });
    // Stored alone, then beside a new item of its guid among the first three, over items never
    // stored: it is known, so nothing is missing, and nothing is said.
    const third = await fetchFeed([{ n: 12, guid: 'h' }, 11, 10]);
    expect(third).toMatchObject({ itemsNew: 2, warnings: [] });
    const fourth = await fetchFeed([{ n: 14, guid: 'h' }, { n: 12, guid: 'h' }, 13, 0.5]);
    expect(fourth).toMatchObject({ itemsNew: 2, itemsUnchanged: 1, itemsCaughtUp: 0, warnings: [] });
    expect(await storedIds()).toEqual([1, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });

  it('counts an exact repeat once', async () => {
    const { fetchFeed, storedIds } = setUp('limit: 2');
    await fetchFeed([3, 2, 1]);
    const second = await fetchFeed([9, 8, 7, 7, 6, 5, 4, 3]);
    expect(second).toMatchObject({ itemsNew: 6, itemsCaughtUp: 4, warnings: [] });
    expect(await storedIds()).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('stops catching up at an item retention already removed: it counts as known', async () => {
    const { fetchFeed, storedIds } = setUp('limit: 2', 'retention: { maxItemsPerSource: 1 }\n');
    await fetchFeed([4, 3]);
    expect(await storedIds()).toEqual([4]);
    const second = await fetchFeed([7, 6, 5, 3, 2]);
    expect(second).toMatchObject({ itemsNew: 3, itemsCaughtUp: 1, itemsExpired: 0 });
    expect(await storedIds()).toEqual([7]);
  });
});
