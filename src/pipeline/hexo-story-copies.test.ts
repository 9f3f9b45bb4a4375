import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../config/resolve-config.js';
import type { FeedItem } from '../core/model.js';
import { createHexoWriter } from '../posts/hexo-writer.js';
import type { Store } from '../store/store.js';
import { prepareDemoStore, type DemoStore } from '../test-support/demo-build.js';
import { publishHexo } from './publish-hexo.js';

let demo: DemoStore | null = null;
afterEach(async () => {
  await demo?.dispose();
  demo = null;
});

const copy = (id: string, link: string): FeedItem => ({
  id,
  title: `同一条新闻 ${id}`,
  link,
  published: '2021-12-31T00:01:00.000Z',
  updated: null,
  author: null,
  summary: null,
  content: '<p>三家媒体转载的新闻。</p>',
  categories: [],
  enclosures: [],
  image: null,
  baseUrl: null,
});

const COPIES: Array<[string, FeedItem, string]> = [
  [
    'feeds/zaker.xml',
    copy('z-1', 'https://www.example.com/news/1?utm_source=zaker'),
    '2021-12-31T00:02:00.000Z',
  ],
  ['feeds/36kr.xml', copy('k-1', 'http://example.com/news/1/'), '2021-12-31T00:03:00.000Z'],
  ['feeds/cnbeta-gbk.xml', copy('c-1', 'https://amp.example.com/news/1'), '2021-12-31T00:04:00.000Z'],
];

/** The demo with its items stored, a Hexo output, and one story told by three sources. */
async function setup(): Promise<{ config: Config; store: Store; dir: string }> {
  demo = await prepareDemoStore();
  const config = { ...demo.config, output: { ...demo.config.output, hexo: path.join(demo.dir, 'hexo') } };
  for (const [source, item, seen] of COPIES)
    await demo.store.saveItems(source, [{ identity: `id:${item.id}`, item }], seen);
  return { config, store: demo.store, dir: demo.dir };
}

async function publish(config: Config, openStore: Store, dedupe: 'link' | 'off') {
  const hexo = createHexoWriter(config.output.hexo as string, openStore);
  await hexo.prepare();
  return publishHexo({ ...config, dedupe: { site: 'link', hexo: dedupe } }, openStore, hexo);
}

/** The absolute post file of each copy, null where none is recorded. */
async function copyPosts(config: Config, openStore: Store): Promise<Array<string | null>> {
  const refs = COPIES.map(([sourceKey, item]) => ({ sourceKey, identity: `id:${item.id}` }));
  const files = await openStore.getOutputFiles('hexo', refs);
  const posts = path.join(config.output.hexo as string, 'source', '_posts');
  return files.map((file) => (file === null ? null : path.join(posts, file)));
}

describe('dedupe.hexo', () => {
  it('is off by default: every copy of a story gets its post, as the ancestor wrote them', async () => {
    const { config, store: open } = await setup();
    expect(config.dedupe).toEqual({ site: 'link', hexo: 'off' });
    await publish(config, open, config.dedupe.hexo);
    const files = await copyPosts(config, open);
    for (const file of files) expect(file !== null && existsSync(file)).toBe(true);
  });

  it('with link, writes the first copy only, deletes posts written before for the others, and writes them back when off', async () => {
    const { config, store: open } = await setup();
    await publish(config, open, 'off');
    const before = await copyPosts(config, open);
    const published = await publish(config, open, 'link');
    const [first, ...later] = await copyPosts(config, open);
    expect(first).toBe(before[0]);
    expect(readFileSync(first as string, 'utf8')).toContain('同一条新闻 z-1');
    expect(later).toEqual([null, null]);
    for (const file of before.slice(1)) expect(existsSync(file as string)).toBe(false);
    expect(published.get('feeds/36kr.xml')?.written).toBe(0);
    // Nothing is due again for them, and nothing else was touched.
    const again = await publish(config, open, 'link');
    expect([...again.values()].reduce((sum, entry) => sum + entry.written, 0)).toBe(0);
    await publish(config, open, 'off');
    for (const file of await copyPosts(config, open)) expect(file !== null && existsSync(file)).toBe(true);
  });

  it('leaves a recorded path outside the posts folder alone, with a warning', async () => {
    const { config, store: open, dir } = await setup();
    await publish(config, open, 'off');
    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me');
    await open.recordOutputFile('hexo', 'feeds/36kr.xml', 'id:k-1', '../../../victim.txt');
    const published = await publish(config, open, 'link');
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(published.get('feeds/36kr.xml')?.warnings.join('\n')).toMatch(/story copy was not deleted/);
  });
});
