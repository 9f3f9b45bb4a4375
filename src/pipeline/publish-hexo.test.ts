import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, parseConfigText } from '../config/load-config.js';
import type { Config } from '../config/resolve-config.js';
import { acquireHexoLock } from '../posts/hexo-lock.js';
import { createHexoWriter } from '../posts/hexo-writer.js';
import type { ItemRef, Store } from '../store/store.js';
import { copyDemo, listFiles } from '../test-support/demo-site.js';
import { generateRss, startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { openTestStore } from '../test-support/test-store.js';
import { ingestSource } from './ingest-source.js';
import { postsWritten, publishHexo } from './publish-hexo.js';
import { runAllSources } from './run-all.js';
import { storeFileOf } from '../test-support/store-file.js';

/** A feed with an ETag: it answers 304 to a request that sends the ETag back. */
let feed = generateRss(3);
let etag = '"v1"';
let failing = false;
const requests: Array<{ url: string; conditional: boolean }> = [];
let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer((request: IncomingMessage, response: ServerResponse) => {
    if (failing) {
      response.writeHead(500).end();
      return;
    }
    const conditional = request.headers['if-none-match'] === etag;
    requests.push({ url: request.url ?? '', conditional });
    if (conditional) {
      response.writeHead(304).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(feed);
  });
});
afterAll(async () => server.close());

afterEach(() => {
  feed = generateRss(3);
  etag = '"v1"';
  failing = false;
  requests.length = 0;
});

function setup(sources = `  - { url: "${server.url}/feed.xml", categories: [新闻, 来源, 频道] }\n`): {
  dir: string;
  config: Config;
  store: Store;
} {
  const dir = tempFolder('newsmill-publish-');
  const text = `output: { hexo: hexo }\nsources:\n${sources}`;
  const config = parseConfigText(text, path.join(dir, 'newsmill.yaml'), {});
  return { dir, config, store: openTestStore(storeFileOf(config)) };
}

/** Counts the item bodies a store hands out, to prove what a publish reads. */
function countingReads(store: Store): { store: Store; reads: ItemRef[] } {
  const reads: ItemRef[] = [];
  const counting = Object.create(store) as Store;
  counting.getItems = (refs) => {
    reads.push(...refs);
    return store.getItems(refs);
  };
  return { store: counting, reads };
}

describe('ingest', () => {
  it('ends at the store: items and fetch state are stored, no post is written', async () => {
    const { dir, config, store } = setup();
    const source = config.sources[0];
    if (!source) throw new Error('no source');
    const outcome = await ingestSource(source, { config, store });
    expect(outcome).toMatchObject({ error: null, itemsNew: 3, filesWritten: 0 });
    expect(listFiles(path.join(dir, 'hexo'))).toEqual([]);
    expect(await store.getFetchState(source.key)).toMatchObject({ etag: '"v1"', errorStreak: 0 });
    // The next check time is decided and stored with the fetch, for schedulers on any machine.
    const [record] = await store.listSources();
    expect(record?.dueReason).toMatch(/^adaptive interval/);
    expect(Date.parse(record?.nextDueAt ?? '')).toBeGreaterThan(Date.parse(record?.lastAttemptAt ?? ''));
  });
});

describe('publishHexo', () => {
  it('writes the posts of items stored by ingest alone, then reads no article when nothing changed', async () => {
    const { dir, config, store } = setup();
    const source = config.sources[0];
    if (!source) throw new Error('no source');
    await ingestSource(source, { config, store });
    const hexo = createHexoWriter(config.output.hexo ?? '', store);
    await hexo.prepare();
    const counted = countingReads(store);
    expect(postsWritten(await publishHexo(config, counted.store, hexo))).toBe(3);
    expect(counted.reads).toHaveLength(3);
    expect(listFiles(path.join(dir, 'hexo/source/_posts'))).toHaveLength(3);

    counted.reads.length = 0;
    expect(postsWritten(await publishHexo(config, counted.store, hexo))).toBe(0);
    expect(counted.reads).toEqual([]);
  });

  it('writes again only the post of an item whose content changed', async () => {
    const { dir, config, store } = setup();
    const source = config.sources[0];
    if (!source) throw new Error('no source');
    await ingestSource(source, { config, store });
    const hexo = createHexoWriter(config.output.hexo ?? '', store);
    await hexo.prepare();
    await publishHexo(config, store, hexo);
    feed = feed.replace('Body 1 ', 'Body one, edited ');
    etag = '"v2"';
    await ingestSource(source, { config, store });
    const counted = countingReads(store);
    expect(postsWritten(await publishHexo(config, counted.store, hexo))).toBe(1);
    expect(counted.reads.map((ref) => ref.identity)).toEqual(['id:item-1']);
    const posts = listFiles(path.join(dir, 'hexo/source/_posts'));
    const edited = posts.filter((post) =>
      readFileSync(path.join(dir, 'hexo/source/_posts', post), 'utf8').includes('Body one, edited'),
    );
    expect(edited).toHaveLength(1);
  });

  it("writes every post of a source again when its categories change, and none of another source's", async () => {
    const twoSources = (channel: string): string =>
      `  - { url: "${server.url}/a.xml", categories: [新闻, 甲, ${channel}] }\n` +
      `  - { url: "${server.url}/b.xml", categories: [新闻, 乙, 频道] }\n`;
    const { dir, config, store } = setup(twoSources('频道'));
    await runAllSources({ config, store });
    const moved = parseConfigText(
      `output: { hexo: hexo }\nsources:\n${twoSources('新频道')}`,
      config.file,
      {},
    );
    const hexo = createHexoWriter(moved.output.hexo ?? '', store);
    const publish = await publishHexo(moved, store, hexo);
    expect(publish.get(`${server.url}/a.xml`)?.written).toBe(3);
    expect(publish.get(`${server.url}/b.xml`)?.written).toBe(0);
    const posts = listFiles(path.join(dir, 'hexo/source/_posts'));
    expect(posts.filter((post) => post.includes('新频道'))).toHaveLength(3);
    expect(posts).toHaveLength(6);
  });
});

describe('a run with a source that fails', () => {
  it('still writes the posts of its stored items, which ingest alone left unwritten', async () => {
    const { dir, config, store } = setup();
    const source = config.sources[0];
    if (!source) throw new Error('no source');
    await ingestSource(source, { config, store });
    failing = true;
    const summary = await runAllSources({ config, store, force: true });
    expect(summary.outcomes[0]?.error).toMatch(/HTTP 500/);
    expect(summary).toMatchObject({ sourcesFailed: 1, filesWritten: 3 });
    expect(listFiles(path.join(dir, 'hexo/source/_posts'))).toHaveLength(3);
  });
});

describe('a run while another process writes the posts', () => {
  it('only ingests, says why, and leaves the posts to the next run', async () => {
    const { dir, config, store } = setup();
    const held = await acquireHexoLock(config.output.hexo ?? '', 'newsmill publish');
    let first;
    try {
      first = await runAllSources({ config, store });
    } finally {
      await held.release();
    }
    expect(first).toMatchObject({ itemsNew: 3, filesWritten: 0, sourcesOk: 1 });
    expect(first.publishFailures).toEqual([
      expect.stringMatching(
        /^not written: another newsmill process \(newsmill publish, .* the next run or publish writes them$/,
      ),
    ]);
    expect(listFiles(path.join(dir, 'hexo/source/_posts'))).toEqual([]);
    const second = await runAllSources({ config, store });
    expect(second).toMatchObject({ itemsNew: 0, filesWritten: 3 });
    expect(second.publishFailures).toBeUndefined();
  });
});

describe('a run with a post that cannot be written', () => {
  it('keeps the validators, and the next run writes the post without fetching the feed again', async () => {
    const { dir, config, store: original } = setup();
    const first = await runAllSources({ config, store: original });
    expect(first.filesWritten).toBe(3);
    const postsDir = path.join(dir, 'hexo/source/_posts');
    const [post = ''] = listFiles(postsDir);
    // A fresh store writes every post again; a folder now stands where one post goes.
    await original.close();
    rmSync(path.dirname(storeFileOf(config)), { recursive: true, force: true });
    const fresh = openTestStore(storeFileOf(config));
    const blocked = path.join(postsDir, post);
    rmSync(blocked);
    mkdirSync(path.join(blocked, 'blocker'), { recursive: true });
    const second = await runAllSources({ config, store: fresh });
    expect(second.itemsFailed).toBe(1);
    expect(second.outcomes[0]?.itemErrors[0]).toContain(path.basename(post));
    expect(await fresh.getFetchState(config.sources[0]?.key ?? '')).toMatchObject({ etag: '"v1"' });

    rmSync(blocked, { recursive: true });
    requests.length = 0;
    const third = await runAllSources({ config, store: fresh });
    // The feed answered 304: the post came from the store.
    expect(requests).toEqual([{ url: '/feed.xml', conditional: true }]);
    expect(third.outcomes[0]).toMatchObject({ notModified: true, error: null, itemErrors: [] });
    expect(third.filesWritten).toBe(1);
    expect(listFiles(postsDir)).toContain(post);
  });
});

describe('a run over the demo', () => {
  it('writes the same posts as a publish from the same store after ingest alone', async () => {
    const dir = copyDemo(tempFolder('newsmill-publish-'));
    const config = loadConfig(path.join(dir, 'newsmill.yaml'), {});
    const ingested = openTestStore(storeFileOf(config));
    for (const source of config.sources) await ingestSource(source, { config, store: ingested });
    await ingested.close();
    expect(listFiles(path.join(dir, 'hexo'))).toEqual([]);
    // The same stored items (and first-seen times, which date the undated posts) in two folders.
    const twin = tempFolder('newsmill-publish-twin-');
    cpSync(dir, twin, { recursive: true });
    const store = openTestStore(storeFileOf(config));
    const run = await runAllSources({ config, store });
    expect(run).toMatchObject({ itemsUnchanged: 24, filesWritten: 24 });
    const twinConfig = loadConfig(path.join(twin, 'newsmill.yaml'), {});
    const twinStore = openTestStore(storeFileOf(twinConfig));
    const hexo = createHexoWriter(twinConfig.output.hexo ?? '', twinStore);
    await hexo.prepare();
    expect(postsWritten(await publishHexo(twinConfig, twinStore, hexo))).toBe(24);
    const postsOf = (root: string): Map<string, Buffer> =>
      new Map(listFiles(root).map((file) => [file, readFileSync(path.join(root, file))]));
    expect(postsOf(path.join(twin, 'hexo/source/_posts'))).toEqual(
      postsOf(path.join(dir, 'hexo/source/_posts')),
    );
  });
});
