import { readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { identityDigest } from '../core/item-identity.js';
import type { FeedItem } from '../core/model.js';
import type { Store } from '../store/store.js';
import { listFiles } from '../test-support/demo-site.js';
import { readManifestRecords } from '../test-support/manifest-records.js';
import { testSource } from '../test-support/seeded-store.js';
import { buildSite } from './build-site.js';
import { MANIFEST_FILE } from './site-manifest.js';
import { prepareDemoStore, withSiteOutput, type DemoStore } from '../test-support/demo-build.js';
import { changedFiles, siteTree } from '../test-support/site-tree.js';

let demo: DemoStore | null = null;
afterEach(async () => {
  await demo?.dispose();
  demo = null;
});

/** Every file's bytes, the build's records included, to compare trees before and after a build. */
const snapshot = (root: string): Map<string, string> => siteTree(root, { records: true });

const newItem = (title: string, published: string): FeedItem => ({
  id: `extra-${title}`,
  title,
  link: `https://www.myzaker.com/article/${encodeURIComponent(title)}`,
  published,
  updated: null,
  author: null,
  summary: null,
  content: `<p>${title}：这是一条新加入的测试新闻，用来检查增量构建只改动受影响的页面。</p>`,
  categories: [],
  enclosures: [],
  image: null,
  baseUrl: null,
});

describe('an incremental build', () => {
  it('after a new item, rewrites only the pages that show it and leaves the rest untouched', async () => {
    demo = await prepareDemoStore(5);
    const { config, store } = demo;
    const root = config.output.site;
    await buildSite({ config, store });
    const before = snapshot(root);
    const mtimes = new Map(listFiles(root).map((file) => [file, statSync(path.join(root, file)).mtimeMs]));
    // Newer than every demo item (all from 2021-12-16 or before), so it heads every list it is in.
    const published = '2021-12-31T00:01:00.000Z';
    const dates = (await store.listAllItems()).map((item) => item.published ?? '');
    expect(dates).toHaveLength(24);
    expect(dates.filter((date) => date >= published)).toEqual([]);
    // Seen now, after the build: an append build takes what changed since.
    await store.saveItems(
      'feeds/zaker.xml',
      [{ identity: 'id:extra-1', item: newItem('新增的测试新闻', published) }],
      new Date(Date.now() + 1).toISOString(),
    );
    const summary = await buildSite({ config, store });
    const after = snapshot(root);
    const changed = changedFiles(before, after);
    const previousNewest = /<li data-post="([^"]+)"/.exec(before.get('index.html') ?? '')?.[1];
    expect(previousNewest).toMatch(/^posts\/[0-9a-f]{12}\.html$/);
    const pageOfPreviousNewest = readFileSync(path.join(root, previousNewest ?? ''), 'utf8');
    const links = /<nav class="post-nav".*<\/nav>/.exec(pageOfPreviousNewest)?.[0];
    expect(links).toContain('rel="prev"><span class="meta">← 较新</span> 新增的测试新闻</a>');
    const postPage = `posts/${identityDigest('feeds/zaker.xml', 'id:extra-1', 12)}.html`;
    // Exactly these, in both directions: every page and feed that lists the item (home, its three
    // category levels, its month), the lists of those (archives), and nothing else.
    expect(changed.filter((file) => !/^(search|\.newsmill-posts)\/.*\.json$/.test(file))).toEqual(
      [
        MANIFEST_FILE,
        postPage,
        // The post that was newest now links to the new one as its newer neighbour.
        previousNewest,
        'index.html',
        'atom.xml',
        'feed.json',
        'rss.xml',
        // 24 posts at 5 a page put 9 on the home page; 25 put 5 there and the next 5 on a new
        // page 4, so page 3's "newer" link now leads to page 4, and the numbered pagers of pages
        // 1 to 3 (two numbers either side, and a gap above) now show it. Their posts stay.
        'page/4.html',
        'page/3.html',
        'page/2.html',
        'page/1.html',
        'categories/新媒体/index.html',
        'categories/新媒体/atom.xml',
        'categories/新媒体/ZAKER/index.html',
        'categories/新媒体/ZAKER/atom.xml',
        'categories/新媒体/ZAKER/source/index.html',
        'categories/新媒体/ZAKER/source/atom.xml',
        'archives/index.html',
        'archives/2021/12/index.html',
        // The search page names its index file, which is named by content hash.
        'search/index.html',
        'sitemap.xml',
      ].sort(),
    );
    // Search data files are named by content hash: changed ones are replaced, never rewritten, and
    // the new ones list the new post.
    const searchData = changed.filter((file) => /^search\/.*\.json$/.test(file));
    const added = searchData.filter((file) => !before.has(file));
    expect(searchData.filter((file) => before.has(file) && after.has(file))).toEqual([]);
    expect(searchData.filter((file) => !after.has(file))).toHaveLength(added.length);
    expect(added.filter((file) => after.get(file)?.includes(`"${postPage}"`))).toHaveLength(1);
    expect(after.get('sitemap.xml')).toContain(`/${postPage}</loc><lastmod>${published.slice(0, 10)}`);
    // Plus the manifest itself, its one segment of post records (24 posts), replaced by a new one,
    // and the files of the site's head (site-head.ts) of the lists that changed. An append build
    // made them all.
    const segmentsOf = (tree: Map<string, string>): string[] =>
      (JSON.parse(tree.get(MANIFEST_FILE) ?? '{}') as { segments: string[] }).segments;
    const [segmentBefore, segmentAfter] = [segmentsOf(before), segmentsOf(after)];
    expect([segmentBefore.length, segmentAfter.length]).toEqual([1, 1]);
    expect(segmentAfter).not.toEqual(segmentBefore);
    expect(summary.appended).toBe(true);
    const records = changed.filter((file) => file.startsWith('.newsmill-posts/'));
    expect(summary.written + summary.deleted + 1 + records.length).toBe(changed.length);
    for (const [file, mtime] of mtimes)
      if (!changed.includes(file)) expect(statSync(path.join(root, file)).mtimeMs).toBe(mtime);
  });

  it('after a new category takes a folder name another one had, leaves no link to the old folder', async () => {
    demo = await prepareDemoStore(5);
    const { store } = demo;
    const key = 'feeds/dockone-2.xml';
    const config = {
      ...demo.config,
      sources: [...demo.config.sources, testSource(key, ['编程', 'Dockone?', '周报'])],
    };
    const root = config.output.site;
    await buildSite({ config, store });
    expect(existsSync(path.join(root, 'categories/编程/Dockone/index.html'))).toBe(true);
    // "Dockone?" cleans to the same folder name as "Dockone": from now on both carry a hash.
    await store.registerSource({ key, location: key, categories: ['编程', 'Dockone?', '周报'] });
    const published = '2021-12-20T08:00:00.000Z';
    await store.saveItems(key, [{ identity: 'id:extra', item: newItem('另一个周报', published) }], published);
    await buildSite({ config, store });
    expect(existsSync(path.join(root, 'categories/编程/Dockone'))).toBe(false);
    const broken: string[] = [];
    for (const file of listFiles(root).filter((name) => name.endsWith('.html'))) {
      const html = readFileSync(path.join(root, file), 'utf8');
      for (const [, href = ''] of html.matchAll(/href="([^"#?]*)[^"]*"/g)) {
        // The 404 page links from the site's root (it is served at any depth).
        if (href === '' || href.startsWith('/') || /^[a-z]+:/i.test(href)) continue;
        const target = path.join(path.dirname(path.join(root, file)), decodeURIComponent(href));
        const served = href.endsWith('/') ? path.join(target, 'index.html') : target;
        if (!existsSync(served)) broken.push(`${file} -> ${href}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('after a changed item, rewrites its post page and the lists and feeds that show it', async () => {
    demo = await prepareDemoStore(5);
    const { config, store } = demo;
    const root = config.output.site;
    await buildSite({ config, store });
    const before = snapshot(root);
    const [item] = await store.listItems('feeds/cnbeta-gbk.xml');
    if (!item) throw new Error('no cnBeta item');
    await store.saveItems(
      'feeds/cnbeta-gbk.xml',
      [{ identity: item.identity, item: { ...item, title: '改过的标题' } }],
      item.lastSeenAt,
    );
    await buildSite({ config, store });
    const changed = changedFiles(before, snapshot(root));
    const posts = changed.filter((file) => file.startsWith('posts/'));
    const page = (file: string): string => readFileSync(path.join(root, file), 'utf8');
    const own = posts.filter((file) => page(file).includes('<h1>改过的标题</h1>'));
    expect(own).toHaveLength(1);
    // And the pages of its neighbours, whose links to it show its title.
    const neighbours = [...page(own[0] ?? '').matchAll(/<a class="(?:prev|next)" href="([^"]+)"/g)].map(
      ([, href = '']) => path.posix.join('posts', href),
    );
    expect(neighbours.length).toBeGreaterThan(0);
    expect(posts.sort()).toEqual([...own, ...neighbours].sort());
    for (const file of neighbours)
      expect(page(file)).toMatch(/rel="(?:prev|next)"><span class="meta">[^<]+<\/span> 改过的标题<\/a>/);
    expect(changed).toContain('categories/科技/cnBeta/最新/atom.xml');
    expect(changed.filter((file) => file.startsWith('categories/编程/'))).toEqual([]);
  });

  it('after a removed item, deletes its page and only files newsmill wrote', async () => {
    demo = await prepareDemoStore(5);
    const { config, store } = demo;
    const root = config.output.site;
    await buildSite({ config, store });
    const [gone] = await store.listItems('feeds/dockone.json');
    if (!gone) throw new Error('no Dockone item');
    const foreign = path.join(root, 'posts', 'CNAME');
    await import('node:fs/promises').then((fs) => fs.writeFile(foreign, 'mine'));
    const without = storeWithout(store, new Set([gone.identity]));
    const before = snapshot(root);
    const summary = await buildSite({ config, store: without });
    const changed = changedFiles(before, snapshot(root));
    // Search shards are named by content hash: a changed shard is a new file and the old one is deleted.
    // So are the manifest's post segments, which the summary does not count as site files.
    const deleted = changed.filter(
      (file) => !existsSync(path.join(root, file)) && !file.startsWith('.newsmill-posts/'),
    );
    const removed = deleted.filter((file) => !file.startsWith('search/'));
    expect(removed).toHaveLength(1);
    expect(removed[0]).toMatch(/^posts\/[0-9a-f]{12}\.html$/);
    expect(summary.deleted).toBe(deleted.length);
    expect(readFileSync(foreign, 'utf8')).toBe('mine');
    const digest = removed[0]?.slice('posts/'.length, -'.html'.length) ?? '';
    expect(readManifestRecords(root)).not.toContain(digest);
    expect(changed).toContain('categories/编程/Dockone/周报/index.html');
  });

  it('deletes a removed item’s page in a full build and after a configuration change too', async () => {
    demo = await prepareDemoStore(5);
    const { config, store } = demo;
    const root = config.output.site;
    const pageOf = (identity: string): string =>
      `posts/${identityDigest('feeds/dockone.json', identity, 12)}.html`;
    await buildSite({ config, store });
    const items = await store.listItems('feeds/dockone.json');
    const [first, second] = items;
    if (!first || !second) throw new Error('too few Dockone items');
    const [firstPage, secondPage] = [pageOf(first.identity), pageOf(second.identity)];
    expect(existsSync(path.join(root, firstPage)) && existsSync(path.join(root, secondPage))).toBe(true);
    const without = (gone: Set<string>): Store => storeWithout(store, gone);
    await buildSite({ config, store: without(new Set([first.identity])), full: true });
    expect(existsSync(path.join(root, firstPage))).toBe(false);
    const retitled = { ...config, site: { ...config.site, title: '另一个标题' } };
    await buildSite({ config: retitled, store: without(new Set([first.identity, second.identity])) });
    expect(existsSync(path.join(root, secondPage))).toBe(false);
    expect(readFileSync(path.join(root, 'index.html'), 'utf8')).toContain('另一个标题');
  });

  it('leaves the same tree as a clean build after removals and same-time edits in one source', async () => {
    demo = await prepareDemoStore(2);
    const { config, store, dir } = demo;
    const root = config.output.site;
    await buildSite({ config, store });
    // One run saved each source's items with one time: their pages differ only by which items.
    const items = await store.listItems('feeds/dockone.json');
    const oldest = items.at(-1);
    const edited = items[0];
    if (!oldest || !edited || items.length < 4) throw new Error('too few Dockone items');
    await store.saveItems(
      'feeds/dockone.json',
      [{ identity: edited.identity, item: { ...edited, title: '同一时间改过的标题' } }],
      edited.lastSeenAt,
    );
    const without = storeWithout(store, new Set([oldest.identity]));
    await buildSite({ config, store: without });
    const clean = path.join(dir, 'clean-site');
    await buildSite({ config: withSiteOutput(config, clean), store: without });
    const incremental = snapshot(root);
    const expected = snapshot(clean);
    incremental.delete(MANIFEST_FILE);
    expected.delete(MANIFEST_FILE);
    expect(changedFiles(expected, incremental)).toEqual([]);
  });
});

/** The store as if the items `gone` names were removed: its headers and its mark leave them out. */
function storeWithout(store: Store, gone: ReadonlySet<string>): Store {
  return {
    ...store,
    listItemHeaders: async () => (await store.listItemHeaders()).filter((item) => !gone.has(item.identity)),
    itemsMark: async () => ({
      ...(await store.itemsMark()),
      changes: `without ${[...gone].sort().join(' ')}`,
    }),
    getItems: (refs) => store.getItems(refs),
    getItemsWithoutBodies: (refs) => store.getItemsWithoutBodies(refs),
    listSources: () => store.listSources(),
  };
}
