import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { identityDigest } from '../core/item-identity.js';
import type { FeedItem } from '../core/model.js';
import { prepareDemoStore, type DemoStore } from '../test-support/demo-build.js';
import { buildSite } from './build-site.js';

let demo: DemoStore | null = null;
afterEach(async () => {
  await demo?.dispose();
  demo = null;
});

const copy = (id: string, title: string, link: string): FeedItem => ({
  id,
  title,
  link,
  published: '2021-12-31T00:01:00.000Z',
  updated: null,
  author: null,
  summary: null,
  content: '<p>三家媒体转载的新闻，站点只显示一次。</p>',
  categories: [],
  enclosures: [],
  image: null,
  baseUrl: null,
});

/** The same story from three sources, each saved by its own fetch: ZAKER first, cnBeta last. */
async function saveStory(demoStore: DemoStore): Promise<string[]> {
  const copies: Array<[string, FeedItem, string]> = [
    [
      'feeds/zaker.xml',
      copy('z-1', '同一条新闻', 'https://www.example.com/news/1?utm_source=zaker'),
      '2021-12-31T00:02:00.000Z',
    ],
    [
      'feeds/36kr.xml',
      copy('k-1', '同一条新闻（36kr）', 'http://example.com/news/1/'),
      '2021-12-31T00:03:00.000Z',
    ],
    [
      'feeds/cnbeta-gbk.xml',
      copy('c-1', '同一条新闻（cnBeta）', 'https://amp.example.com/news/1'),
      '2021-12-31T00:04:00.000Z',
    ],
  ];
  for (const [source, item, seen] of copies)
    await demoStore.store.saveItems(source, [{ identity: `id:${item.id}`, item }], seen);
  return copies.map(([source, item]) => `posts/${identityDigest(source, `id:${item.id}`, 12)}.html`);
}

describe('one copy of each story on the site', () => {
  it('shows the story once, as the first source that carried it, "also in" the others', async () => {
    demo = await prepareDemoStore(5);
    const { config, store } = demo;
    const root = config.output.site;
    const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');
    const [shown, ...hidden] = await saveStory(demo);
    const summary = await buildSite({ config, store });
    expect(summary.posts).toBe(24 + 1);
    const home = read('index.html');
    expect(home.match(/>同一条新闻</g)).toHaveLength(1);
    expect(home).not.toMatch(/（36kr）|（cnBeta）/);
    expect(home).toContain('<span class="also-in">另见 36kr、cnBeta</span>');
    const page = read(shown as string);
    expect(page).toContain(
      '<span class="also-in">另见 <a href="http://example.com/news/1/" rel="noopener noreferrer nofollow">36kr</a>、<a href="https://amp.example.com/news/1" rel="noopener noreferrer nofollow">cnBeta</a></span>',
    );
    for (const file of hidden) expect(existsSync(path.join(root, file))).toBe(false);
    // Feeds and search hold the story once too.
    for (const feed of ['atom.xml', 'rss.xml', 'feed.json'])
      expect(read(feed).match(/同一条新闻/g)).toHaveLength(1);
    const searchText = readdirSync(path.join(root, 'search'), { recursive: true })
      .map((file) => String(file))
      .filter((file) => file.endsWith('.json'))
      .map((file) => read(path.join('search', file)))
      .join('\n');
    expect(searchText).not.toContain('36kr）');
    expect(searchText).not.toContain('cnBeta）');
  });

  it('hands the story to the next copy when the shown one is gone, and rebuilds its pages', async () => {
    demo = await prepareDemoStore(5);
    const { config, store } = demo;
    const root = config.output.site;
    const [shown, second] = await saveStory(demo);
    await buildSite({ config, store });
    await store.removeExpiredItems(
      [{ sourceKey: 'feeds/zaker.xml', identity: 'id:z-1' }],
      '2022-01-01T00:00:00.000Z',
    );
    await buildSite({ config, store });
    expect(existsSync(path.join(root, shown as string))).toBe(false);
    const page = readFileSync(path.join(root, second as string), 'utf8');
    expect(page).toContain('<span class="also-in">另见 <a href="https://amp.example.com/news/1"');
    expect(readFileSync(path.join(root, 'index.html'), 'utf8')).toContain('另见 cnBeta</span>');
  });

  it('shows every copy with dedupe: off', async () => {
    demo = await prepareDemoStore(5);
    const { store } = demo;
    const config = { ...demo.config, dedupe: { site: 'off' as const, hexo: 'off' as const } };
    const files = await saveStory(demo);
    const summary = await buildSite({ config, store });
    expect(summary.posts).toBe(24 + 3);
    for (const file of files) expect(existsSync(path.join(config.output.site, file))).toBe(true);
    expect(readFileSync(path.join(config.output.site, 'index.html'), 'utf8')).not.toContain('also-in');
  });
});
