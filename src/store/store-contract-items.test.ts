import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../core/model.js';
import { emptyStore, useStoreBackends } from '../test-support/store-backends.js';
import type { Store } from './store.js';

// The store contract, part 1: saving and reading items. Every test runs against each backend.

const item = (overrides: Partial<FeedItem>): FeedItem => ({
  id: 'g1',
  title: 'Title',
  link: 'https://a.cn/1',
  published: '2021-12-16T03:28:08.000Z',
  updated: null,
  author: null,
  summary: null,
  content: '<p>body</p>',
  categories: ['a'],
  enclosures: [{ url: 'https://a.cn/a.mp3', type: 'audio/mpeg', length: 3 }],
  image: null,
  baseUrl: null,
  ...overrides,
});

const dated = (id: string, published: string | null, content = `<p>${id}</p>`) => ({
  identity: `id:${id}`,
  item: item({ id, title: `Title ${id}`, link: `https://a.cn/${id}`, published, content }),
});

describe.each(useStoreBackends())('the $name store', (backend) => {
  async function withSource(): Promise<Store> {
    const store = await emptyStore(backend);
    await store.registerSource({ key: 'src', location: '/feeds/a.xml', categories: ['a', 'b', 'c'] });
    return store;
  }

  describe.skipIf(!backend.available)('items', () => {
    it('inserts new items, leaves identical ones unchanged and updates changed ones in place', async () => {
      const store = await withSource();
      const save = (content: string, at: string) =>
        store.saveItems('src', [{ identity: 'id:g1', item: item({ content }) }], at);
      expect((await save('<p>body</p>', '2024-01-01T00:00:00.000Z')).map((s) => s.status)).toEqual(['new']);
      expect((await save('<p>body</p>', '2024-01-02T00:00:00.000Z'))[0]?.status).toBe('unchanged');
      const third = await save('<p>edited</p>', '2024-01-03T00:00:00.000Z');
      expect(third[0]?.status).toBe('updated');
      expect(third[0]?.item.firstSeenAt).toBe('2024-01-01T00:00:00.000Z');
      expect(third[0]?.item.changedAt).toBe('2024-01-03T00:00:00.000Z');
      // A second change saved with the same time still moves changedAt forward.
      const fourth = await save('<p>edited again</p>', '2024-01-03T00:00:00.000Z');
      expect(fourth[0]?.item.changedAt).toBe('2024-01-03T00:00:00.001Z');
      const all = await store.listItems('src');
      expect(all).toHaveLength(1);
      expect(all[0]).toEqual({ ...fourth[0]?.item });
      expect(all[0]).toMatchObject({
        content: '<p>edited again</p>',
        enclosures: item({}).enclosures,
        categories: ['a'],
        lastSeenAt: '2024-01-03T00:00:00.000Z',
      });
    });

    it('keeps items of different identities apart even with the same title', async () => {
      const store = await withSource();
      await store.saveItems(
        'src',
        [
          { identity: 'id:g1', item: item({}) },
          { identity: 'id:g2', item: item({ id: 'g2' }) },
        ],
        '2024-01-01T00:00:00.000Z',
      );
      expect(await store.listItems('src')).toHaveLength(2);
    });

    it('saves an identity listed twice in one batch as if saved twice in a row', async () => {
      const store = await withSource();
      const saved = await store.saveItems(
        'src',
        [
          { identity: 'id:g1', item: item({}) },
          { identity: 'id:g1', item: item({}) },
          { identity: 'id:g1', item: item({ content: '<p>later</p>' }) },
        ],
        '2024-01-01T00:00:00.000Z',
      );
      expect(saved.map((entry) => [entry.status, entry.item.changedAt])).toEqual([
        ['new', '2024-01-01T00:00:00.000Z'],
        ['unchanged', '2024-01-01T00:00:00.000Z'],
        ['updated', '2024-01-01T00:00:00.001Z'],
      ]);
      expect(await store.listItems('src')).toEqual([saved[2]?.item]);
    });

    it('rolls back a whole batch when one item cannot be written', async () => {
      const store = await withSource();
      const bad = {
        identity: null as unknown as string,
        item: item({ categories: null as unknown as string[] }),
      };
      await expect(
        store.saveItems('src', [{ identity: 'id:g1', item: item({}) }, bad], '2024-01-01T00:00:00.000Z'),
      ).rejects.toThrow(/cannot save items for src/);
      expect(await store.listItems('src')).toHaveLength(0);
    });

    it('moves the first-seen time of an item saved while the clock ran ahead back when it is seen again', async () => {
      const store = await withSource();
      const ahead = new Date(Date.now() + 365 * 86_400_000).toISOString();
      const [first] = await store.saveItems(
        'src',
        [{ identity: 'id:g1', item: item({ published: null }) }],
        ahead,
      );
      // Seen again with the clock right: it was first seen no later than now, and its post's date moves.
      const seenAt = new Date().toISOString();
      const [again] = await store.saveItems(
        'src',
        [{ identity: 'id:g1', item: item({ published: null }) }],
        seenAt,
      );
      expect(again).toMatchObject({ status: 'updated', item: { firstSeenAt: seenAt, lastSeenAt: seenAt } });
      expect((again?.item.changedAt ?? '') > (first?.item.changedAt ?? '')).toBe(true);
      expect((await store.listItems('src'))[0]?.firstSeenAt).toBe(seenAt);
    });

    it('refuses items of an unregistered source with a message naming it', async () => {
      const store = await withSource();
      await expect(store.saveItems('nope', [], '2024-01-01T00:00:00.000Z')).rejects.toThrow(
        /source nope is not registered/,
      );
    });

    it('gives back every time and text byte for byte', async () => {
      const store = await withSource();
      // A feed's dates are kept as written, even in a form newsmill's parser would not write.
      const odd = item({ published: '2024-01-01T08:00:00Z', updated: '2024-01-02T08:00:00.5+08:00' });
      const text = item({ id: 'g2', title: 'Ünïcode \u{1F600} "quotes" {braces} \\back\\', content: null });
      const saved = await store.saveItems(
        'src',
        [
          { identity: 'id:g1', item: odd },
          { identity: 'id:g2', item: text },
        ],
        '2026-01-02T03:04:05.678Z',
      );
      const listed = await store.listItems('src');
      expect(listed).toEqual(saved.map((entry) => entry.item));
      expect(listed.find((stored) => stored.identity === 'id:g1')).toMatchObject({
        published: '2024-01-01T08:00:00Z',
        updated: '2024-01-02T08:00:00.5+08:00',
        firstSeenAt: '2026-01-02T03:04:05.678Z',
        lastSeenAt: '2026-01-02T03:04:05.678Z',
        changedAt: '2026-01-02T03:04:05.678Z',
      });
      expect(listed.find((stored) => stored.identity === 'id:g2')?.title).toBe(text.title);
    });
  });

  describe.skipIf(!backend.available)('listing order', () => {
    it('lists newest first by date, else first-seen time, ties in the order stored, the same everywhere', async () => {
      const store = await withSource();
      await store.registerSource({ key: 'other', location: '/feeds/b.xml', categories: ['x', 'y', 'z'] });
      // Undated items of one fetch share their first-seen time: they keep the feed's order.
      await store.saveItems(
        'src',
        [dated('u1', null), dated('u2', null), dated('d1', '2024-01-01T00:00:00.000Z'), dated('u3', null)],
        '2024-01-05T00:00:00.000Z',
      );
      await store.saveItems(
        'other',
        [dated('o1', '2024-01-05T00:00:00.000Z'), dated('o2', '2024-01-01T00:00:00.000Z')],
        '2024-01-06T00:00:00.000Z',
      );
      // Saved later with the same date as an earlier one: it comes after it.
      await store.saveItems('src', [dated('d2', '2024-01-01T00:00:00.000Z')], '2024-01-07T00:00:00.000Z');
      // o1's date equals the undated items' first-seen time: it was stored after them.
      const expected = ['u1', 'u2', 'u3', 'o1', 'd1', 'o2', 'd2'].map((id) => `id:${id}`);
      expect((await store.listAllItems()).map((stored) => stored.identity)).toEqual(expected);
      expect((await store.listItemHeaders()).map((header) => header.identity)).toEqual(expected);
      expect((await store.listItems('src')).map((stored) => stored.identity)).toEqual(
        ['u1', 'u2', 'u3', 'd1', 'd2'].map((id) => `id:${id}`),
      );
    });

    it('lists headers in listAllItems order with the fields a site build reads', async () => {
      const store = await withSource();
      await store.registerSource({ key: 'two', location: '/two.xml', categories: ['b', 'b', 'b'] });
      await store.saveItems(
        'src',
        [dated('1', '2021-01-01T00:00:00.000Z', '<p>first</p>'), dated('2', null)],
        '2021-06-01T00:00:00.000Z',
      );
      await store.saveItems('two', [dated('3', '2021-03-01T00:00:00.000Z')], '2021-06-02T00:00:00.000Z');
      const all = await store.listAllItems();
      expect(await store.listItemHeaders()).toEqual(
        all.map((stored) => ({
          sourceKey: stored.sourceKey,
          identity: stored.identity,
          title: stored.title,
          link: stored.link,
          published: stored.published,
          updated: stored.updated,
          firstSeenAt: stored.firstSeenAt,
          changedAt: stored.changedAt,
          sequence: expect.any(Number),
        })),
      );
      expect(all.map((stored) => stored.identity)).toEqual(['id:2', 'id:3', 'id:1']);
      // The order items were first saved in: a fetch's in its feed's order, a later fetch's after.
      const sequence = new Map(
        (await store.listItemHeaders()).map((header) => [header.identity, header.sequence ?? NaN]),
      );
      const [first, second, third] = ['id:1', 'id:2', 'id:3'].map((id) => sequence.get(id) ?? NaN);
      expect(first).toBeLessThan(second as number);
      expect(second).toBeLessThan(third as number);
      // Saving an item again keeps its place.
      await store.saveItems('src', [dated('1', '2021-01-02T00:00:00.000Z')], '2021-06-03T00:00:00.000Z');
      const again = (await store.listItemHeaders()).find((header) => header.identity === 'id:1');
      expect(again?.sequence).toBe(first);
    });

    it('reads full items by reference, in order, with null for unknown ones', async () => {
      const store = await withSource();
      await store.registerSource({ key: 'two', location: '/two.xml', categories: ['b', 'b', 'b'] });
      await store.saveItems(
        'src',
        [dated('1', '2021-01-01T00:00:00.000Z', '<p>first</p>')],
        '2021-06-01T00:00:00.000Z',
      );
      await store.saveItems('two', [dated('3', '2021-03-01T00:00:00.000Z')], '2021-06-02T00:00:00.000Z');
      const items = await store.getItems([
        { sourceKey: 'two', identity: 'id:3' },
        { sourceKey: 'src', identity: 'id:9' },
        { sourceKey: 'nowhere', identity: 'id:1' },
        { sourceKey: 'src', identity: 'id:1' },
      ]);
      const all = await store.listAllItems();
      expect(items).toEqual([
        all.find((s) => s.identity === 'id:3'),
        null,
        null,
        all.find((s) => s.identity === 'id:1'),
      ]);
      expect(items[3]?.content).toBe('<p>first</p>');
      expect(await store.getItems([])).toEqual([]);
      // Many references, repeats among them, keep their order.
      const refs = Array.from({ length: 300 }, () => [
        { sourceKey: 'two', identity: 'id:3' },
        { sourceKey: 'src', identity: 'id:9' },
        { sourceKey: 'src', identity: 'id:1' },
      ]).flat();
      const many = await store.getItems(refs);
      expect(many).toHaveLength(900);
      expect(many.slice(600, 603)).toEqual([items[0], null, items[3]]);
      expect(many.filter((stored) => stored === null)).toHaveLength(300);
    });

    it('summarizes the items in a mark that every save, change and removal moves, and nothing else', async () => {
      const store = await withSource();
      expect(await store.itemsMark()).toEqual({ count: 0, changes: '0', latest: null });
      const at = '2021-06-01T00:00:00.000Z';
      await store.saveItems('src', [dated('1', '2021-01-01T00:00:00.000Z'), dated('2', null)], at);
      const first = await store.itemsMark();
      expect(first).toMatchObject({ count: 2, latest: at });
      expect(first.changes).toBe(String(2 * Date.parse(at)));
      // Seen again unchanged, and cleaned: the site would come out the same.
      await store.saveItems('src', [dated('1', '2021-01-01T00:00:00.000Z')], '2021-06-02T00:00:00.000Z');
      const cleaning = { identity: 'id:1', html: '<p>1</p>', cover: 'c', text: '1', key: 'k', from: at };
      await store.saveCleanedContent('src', [cleaning]);
      expect(await store.itemsMark()).toEqual(first);
      // A change saved with an earlier clock still moves the item's changedAt, and the mark, forward.
      await store.saveItems('src', [dated('2', null, '<p>edited</p>')], '2021-05-01T00:00:00.000Z');
      const edited = await store.itemsMark();
      expect(edited).toMatchObject({ count: 2, latest: '2021-06-01T00:00:00.001Z' });
      expect(BigInt(edited.changes)).toBeGreaterThan(BigInt(first.changes));
      // One removed and one saved: the count is back, the changes are not.
      await store.removeExpiredItems([{ sourceKey: 'src', identity: 'id:2' }], '2021-06-03T00:00:00.000Z');
      expect((await store.itemsMark()).count).toBe(1);
      await store.saveItems('src', [dated('3', null)], '2021-06-04T00:00:00.000Z');
      const replaced = await store.itemsMark();
      expect(replaced.count).toBe(2);
      expect(replaced.changes).not.toBe(edited.changes);
    });

    it('marks the items changed up to a time, and lists the headers of those changed after it', async () => {
      const store = await withSource();
      const at = '2021-06-01T00:00:00.000Z';
      await store.saveItems('src', [dated('1', '2021-01-01T00:00:00.000Z'), dated('2', null)], at);
      const recorded = await store.itemsMark();
      expect(await store.listItemHeaders(at)).toEqual([]);
      // A new item: the items up to the recorded time are as they were, and it alone changed since.
      const later = '2021-06-01T00:00:00.500Z';
      await store.saveItems('src', [dated('3', '2021-02-01T00:00:00.000Z')], later);
      expect(await store.itemsMark(at)).toEqual(recorded);
      expect((await store.listItemHeaders(at)).map((header) => header.identity)).toEqual(['id:3']);
      expect(await store.itemsMark(later)).toEqual(await store.itemsMark());
      // An older item changed: it leaves the mark up to the recorded time, and lists as changed.
      await store.saveItems('src', [dated('1', '2021-01-01T00:00:00.000Z', '<p>edited</p>')], later);
      expect((await store.itemsMark(at)).count).toBe(1);
      expect((await store.listItemHeaders(at)).map((header) => header.identity)).toEqual(['id:3', 'id:1']);
      expect((await store.listItemHeaders(at))[0]).toMatchObject({ sourceKey: 'src', changedAt: later });
    });
  });
});
