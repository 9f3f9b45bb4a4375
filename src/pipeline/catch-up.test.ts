import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { describeOutcome } from '../cli/run-reporter.js';
import { parseConfigText } from '../config/load-config.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { storeFileOf } from '../test-support/store-file.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { runAllSources } from './run-all.js';

const START = Date.UTC(2026, 0, 1);

/** An RSS feed of the items `ids` names, in that order; item n is dated n hours after START. */
function rss(ids: readonly number[]): string {
  const items = ids.map(
    (id) =>
      `<item><guid>item-${id}</guid><title>第 ${id} 条</title><link>https://news.example.cn/${id}</link>` +
      `<pubDate>${new Date(START + id * 3_600_000).toUTCString()}</pubDate><description>正文 ${id}</description></item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>快讯</title>${items.join('')}</channel></rss>`;
}

/** Newest first: `from` down to `to`. */
const newest = (from: number, to: number): number[] =>
  Array.from({ length: from - to + 1 }, (_, index) => from - index);

function setUp(sourceOptions: string, settings = '') {
  const dir = tempFolder('newsmill-catch-up-');
  const feed = path.join(dir, 'feed.xml');
  const config = parseConfigText(
    `${settings}sources:\n  - { url: feed.xml, categories: [科技, 快讯, 最新], ${sourceOptions} }\n`,
    path.join(dir, 'newsmill.yaml'),
    {},
  );
  const store = openSqliteStore(storeFileOf(config));
  onTestFinished(() => store.close());
  const fetchFeed = async (ids: readonly number[]) => {
    writeFileSync(feed, rss(ids));
    const summary = await runAllSources({ config, store });
    const outcome = summary.outcomes[0];
    if (!outcome) throw new TypeError('no outcome for the source');
    return outcome;
  };
  const storedIds = async () =>
    (await store.listItems('feed.xml'))
      .map((item) => Number(item.id?.slice('item-'.length)))
      .sort((a, b) => a - b);
  return { fetchFeed, storedIds };
}

describe('limit and catching up', () => {
  it('keeps limit items on a first fetch, then every item that came out since, down to the first one stored', async () => {
    const { fetchFeed, storedIds } = setUp('limit: 5');
    const first = await fetchFeed(newest(12, 1));
    expect(first).toMatchObject({ itemsNew: 5, itemsCaughtUp: 0 });
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

  it('catches up at most four limits, and says how many items it had to skip', async () => {
    const { fetchFeed, storedIds } = setUp('limit: 2');
    await fetchFeed(newest(5, 1));
    // 20 came out since (an outage, say), and the feed lists them all.
    const second = await fetchFeed(newest(25, 1));
    expect(second).toMatchObject({ itemsNew: 8, itemsCaughtUp: 6 });
    expect(second.warnings).toEqual([
      '12 more items came out since the last fetch than catching up keeps (8, 4 × limit 2); ' +
        'the oldest were skipped: fetch this source more often or raise its limit',
    ]);
    expect(await storedIds()).toEqual([4, 5, 18, 19, 20, 21, 22, 23, 24, 25]);
  });

  it('leaves a ranking alone when its top items reach what is stored, however much moved below', async () => {
    const { fetchFeed, storedIds } = setUp('limit: 3');
    await fetchFeed([7, 3, 9, 1, 2]);
    // A new entry at the top; one stored item is still in the top three; new ones rose below.
    const second = await fetchFeed([11, 9, 12, 13, 14, 7, 3]);
    expect(second).toMatchObject({ itemsNew: 2, itemsCaughtUp: 0 });
    expect(await storedIds()).toEqual([3, 7, 9, 11, 12]);
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
