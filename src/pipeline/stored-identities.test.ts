import { describe, expect, it } from 'vitest';
import { fileFeedSource } from '../test-support/file-feed-source.js';

const shared = (n: number, guid = 'g', link?: string | null) => ({
  n,
  guid,
  ...(link === undefined ? {} : { link }),
});

describe('items that share a guid keep the identity they were stored under', () => {
  it('stores an item once when the twin it was stored beside leaves the feed', async () => {
    const { fetchFeed, storedIds, store } = fileFeedSource('limit: 5');
    await fetchFeed([shared(2), shared(1)]);
    const before = (await store.listItems('feed.xml')).map((item) => item.identity).sort();
    // Alone, item 2 would be `id:g`, a new identity: it is the stored `id:g#…` it was.
    expect(await fetchFeed([shared(2)])).toMatchObject({ itemsNew: 0, itemsUnchanged: 1 });
    expect(await storedIds()).toEqual([1, 2]);
    expect((await store.listItems('feed.xml')).map((item) => item.identity).sort()).toEqual(before);
  });

  it('stores an item once when a twin joins it, and the twin as an item of its own', async () => {
    const { fetchFeed, storedIds, store } = fileFeedSource('limit: 5');
    await fetchFeed([shared(1)]);
    expect(await fetchFeed([shared(2), shared(1)])).toMatchObject({ itemsNew: 1, itemsUnchanged: 1 });
    expect(await fetchFeed([shared(3), shared(2), shared(1)])).toMatchObject({
      itemsNew: 1,
      itemsUnchanged: 2,
    });
    expect(await storedIds()).toEqual([1, 2, 3]);
    // Item 1 keeps the plain guid it was first stored under.
    const first = (await store.listItems('feed.xml')).find((item) => item.title === '第 1 条');
    expect(first?.identity).toBe('id:g');
    // And the one that later is alone under the guid goes back to its own stored identity, leaving
    // item 1's plain guid alone.
    expect(await fetchFeed([shared(2)])).toMatchObject({ itemsNew: 0, itemsUpdated: 0, itemsUnchanged: 1 });
    expect(await storedIds()).toEqual([1, 2, 3]);
  });

  it('does not give an item of another link the identity of a stored one', async () => {
    const { fetchFeed, storedIds } = fileFeedSource('limit: 5');
    await fetchFeed([shared(1)]);
    // Items 2 and 3 share item 1's guid but not its link: new items, item 1 untouched.
    expect(await fetchFeed([shared(3), shared(2)])).toMatchObject({ itemsNew: 2, itemsUpdated: 0 });
    expect(await storedIds()).toEqual([1, 2, 3]);
  });

  it('tells items of one link, or without one, apart by their text, and stores each once', async () => {
    const link = 'https://news.example.cn/same';
    const { fetchFeed, storedIds } = fileFeedSource('limit: 5');
    await fetchFeed([shared(2, 'g', link), shared(1, 'g', link)]);
    expect(await fetchFeed([shared(2, 'g', link)])).toMatchObject({ itemsNew: 0, itemsUnchanged: 1 });
    expect(await fetchFeed([shared(3, 'g', link), shared(1, 'g', link)])).toMatchObject({
      itemsNew: 1,
      itemsUnchanged: 1,
    });
    expect(await storedIds()).toEqual([1, 2, 3]);
    const other = fileFeedSource('limit: 5');
    await other.fetchFeed([shared(1, 'h')]);
    // Beside an item without a link, item 1 is told apart by its text: it is the one stored alone.
    expect(await other.fetchFeed([shared(2, 'h', null), shared(1, 'h')])).toMatchObject({
      itemsNew: 1,
      itemsUnchanged: 1,
    });
    expect(await other.storedIds()).toEqual([1, 2]);
  });

  it('keeps a stored item when the limit leaves out all but a new item of its guid', async () => {
    for (const catchUp of [true, false]) {
      const { fetchFeed, storedIds, store } = fileFeedSource(`limit: 1, catchUp: ${catchUp}`);
      await fetchFeed([shared(1)]);
      // Only item 2 is kept; with identities from the kept items alone it would be `id:g`, and
      // overwrite item 1, which the feed still lists.
      expect(await fetchFeed([shared(2), shared(1)])).toMatchObject({ itemsNew: 1, itemsUpdated: 0 });
      expect(await storedIds()).toEqual([1, 2]);
      const first = (await store.listItems('feed.xml')).find((item) => item.link?.endsWith('/1'));
      expect(first?.title).toBe('第 1 条');
    }
  });

  it('updates an item stored with a suffix though retention removed another under its plain guid', async () => {
    const { fetchFeed, store } = fileFeedSource('limit: 5', 'retention: { maxItemsPerSource: 2 }\n');
    await fetchFeed([shared(1)]);
    await fetchFeed([shared(3), shared(2)]);
    expect((await store.listItems('feed.xml')).map((item) => item.title).sort()).toEqual([
      '第 2 条',
      '第 3 条',
    ]);
    // Alone, item 3 is `id:g`, which retention removed with item 1: it is the item stored with a suffix.
    const edited = await fetchFeed([{ n: 3, guid: 'g', text: '更正后的正文' }]);
    expect(edited).toMatchObject({ itemsUpdated: 1, itemsExpired: 0 });
    const third = (await store.listItems('feed.xml')).find((item) => item.title === '第 3 条');
    expect(third?.summary ?? third?.content).toContain('更正后的正文');
  });

  it("keeps the others' identities when an item without a link, or of another's link, joins the guid", async () => {
    for (const extra of [{ n: 0, guid: 'g', link: null }, shared(0, 'g', 'https://news.example.cn/1')]) {
      const { fetchFeed, storedIds } = fileFeedSource('limit: 2, catchUp: false');
      await fetchFeed([shared(3), shared(2), shared(1)]);
      // Item 0, below the limit, leaves 3 and 2 told apart by their links, as they were stored.
      expect(await fetchFeed([shared(3), shared(2), shared(1), extra])).toMatchObject({
        itemsNew: 0,
        itemsUnchanged: 2,
      });
      expect(await storedIds()).toEqual([2, 3]);
    }
  });

  it('knows an item stored alone by its title, link and text when it later shares its link', async () => {
    const { fetchFeed, storedIds } = fileFeedSource('limit: 5');
    await fetchFeed([shared(1)]);
    // Item 1 again, its date moved, beside a new item of its link: the text form, yet the stored item.
    const link = 'https://news.example.cn/1';
    expect(await fetchFeed([shared(2, 'g', link), { n: 1, guid: 'g', link, hours: 1.5 }])).toMatchObject({
      itemsNew: 1,
      itemsUpdated: 1,
    });
    expect(await storedIds()).toEqual([1, 2]);
  });

  it('stores an article under its own form where the feed evidently reuses a guid', async () => {
    const { fetchFeed, storedIds } = fileFeedSource('limit: 5');
    await fetchFeed([shared(2), shared(1)]);
    await fetchFeed([shared(3)]);
    // Item 4, alone like 3, has the plain guid 3 was stored under; the guid is shared, and 4's
    // link is another: a new item, and 3 stays.
    expect(await fetchFeed([shared(4)])).toMatchObject({ itemsNew: 1, itemsUpdated: 0 });
    expect(await storedIds()).toEqual([1, 2, 3, 4]);
    expect(await fetchFeed([shared(4)])).toMatchObject({ itemsNew: 0, itemsUnchanged: 1 });
  });

  it('does not let a returning or new article take the plain guid of another of the same link', async () => {
    for (const link of ['https://news.example.cn/same', null]) {
      const { fetchFeed, storedIds } = fileFeedSource('limit: 5');
      await fetchFeed([shared(1, 'g', link), shared(2, 'g', link)]);
      await fetchFeed([shared(3, 'g', link)]);
      // 1 alone is `id:g`, which 3 has: it is its own text form, and 3 stays.
      expect(await fetchFeed([shared(1, 'g', link)])).toMatchObject({ itemsNew: 0, itemsUnchanged: 1 });
      expect(await fetchFeed([shared(4, 'g', link)])).toMatchObject({ itemsNew: 1, itemsUpdated: 0 });
      expect(await storedIds()).toEqual([1, 2, 3, 4]);
    }
  });

  it('updates an article whose link changed under a guid the feed reuses', async () => {
    const { fetchFeed, storedIds } = fileFeedSource('limit: 5');
    await fetchFeed([shared(1), shared(2)]);
    await fetchFeed([shared(3)]);
    const moved = await fetchFeed([shared(3, 'g', 'https://news.example.cn/3?from=rss')]);
    expect(moved).toMatchObject({ itemsNew: 0, itemsUpdated: 1 });
    expect(await storedIds()).toEqual([1, 2, 3]);
  });

  it('updates an article stored alone whose link changed when it comes back beside a twin', async () => {
    const { fetchFeed, storedIds } = fileFeedSource('limit: 5');
    await fetchFeed([shared(7)]);
    const back = await fetchFeed([shared(7, 'g', 'https://news.example.cn/7?from=rss'), shared(3)]);
    expect(back).toMatchObject({ itemsNew: 1, itemsUpdated: 1 });
    expect(await storedIds()).toEqual([3, 7]);
  });

  it('does not let an item take the link form another article of its link was stored under', async () => {
    const link = 'https://news.example.cn/h';
    const { fetchFeed, storedIds } = fileFeedSource('limit: 5');
    await fetchFeed([shared(5), shared(6, 'g', link)]);
    await fetchFeed([shared(8, 'g', link), shared(7, 'g', link)]);
    // 8's link is its own in this fetch, so it is the link form 6 was stored under: 8 is its own
    // stored text form, and 6 stays.
    expect(await fetchFeed([shared(4), shared(8, 'g', link)])).toMatchObject({
      itemsNew: 1,
      itemsUnchanged: 1,
    });
    const other = fileFeedSource('limit: 5');
    await other.fetchFeed([shared(5, 'g', null), shared(8, 'g', link)]);
    await other.fetchFeed([shared(8, 'g', link), shared(7, 'g', link)]);
    expect(await other.fetchFeed([shared(7, 'g', link), shared(5, 'g', null)])).toMatchObject({
      itemsNew: 0,
      itemsUpdated: 0,
    });
    expect(await storedIds()).toEqual([4, 5, 6, 7, 8]);
    expect(await other.storedIds()).toEqual([5, 7, 8]);
  });

  it('takes a guid holding # for a guid of its own, not a form of a shorter one', async () => {
    const { fetchFeed, storedIds } = fileFeedSource('limit: 5');
    await fetchFeed([
      { n: 1, guid: 'p', link: null },
      { n: 2, guid: 'p#c', link: null },
    ]);
    expect(await fetchFeed([{ n: 1, guid: 'p', link: null, text: '改过的正文' }])).toMatchObject({
      itemsNew: 0,
      itemsUpdated: 1,
    });
    expect(await storedIds()).toEqual([1, 2]);
  });

  it('compares items cut to content.maxItemKB as they were stored, cut', async () => {
    const big = '长文'.repeat(1000);
    const { fetchFeed, storedIds } = fileFeedSource('limit: 1', 'content: { maxItemKB: 1 }\n');
    await fetchFeed([{ n: 1, guid: 'g', link: null, text: big }, 50]);
    // Item 1, cut when stored and now beside another item of its guid, is known: catching up
    // stops at it, and keeps 61 above it.
    const second = await fetchFeed([
      60,
      61,
      { n: 1, guid: 'g', link: null, text: big },
      shared(2, 'g', null),
    ]);
    expect(second).toMatchObject({ itemsNew: 2, itemsCaughtUp: 1, warnings: [] });
    expect(await storedIds()).toEqual([1, 60, 61]);
  });

  it('does not store again an item retention removed under its suffixed identity', async () => {
    const { fetchFeed, storedIds } = fileFeedSource('limit: 5', 'retention: { maxItemsPerSource: 1 }\n');
    await fetchFeed([shared(2), shared(1)]);
    expect(await storedIds()).toEqual([2]);
    // Item 1, alone, would be `id:g`: its removed `id:g#…` keeps it out.
    expect(await fetchFeed([shared(1)])).toMatchObject({ itemsNew: 0, itemsExpired: 1 });
    expect(await storedIds()).toEqual([2]);
  });
});
