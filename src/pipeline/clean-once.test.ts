import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfigText } from '../config/load-config.js';
import type { Config } from '../config/resolve-config.js';
import { cleaningKey, storedCleaningKey } from '../content/cleaning-key.js';
import { processItemContent } from '../content/process-content.js';
import { createHexoWriter } from '../posts/hexo-writer.js';
import { buildSite } from '../site/build-site.js';
import type { Store, StoredItem } from '../store/store.js';
import { withSiteOutput } from '../test-support/demo-build.js';
import { storeFileOf } from '../test-support/store-file.js';
import { copyDemo, listFiles } from '../test-support/demo-site.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { openTestStore } from '../test-support/test-store.js';
import { generateRss, startLoopbackServer } from '../test-support/loopback-server.js';
import { ingestSource } from './ingest-source.js';
import { postsWritten, publishHexo } from './publish-hexo.js';
import { cleaningSettingsOf } from './publish-post.js';

/** The demo in its own folder, its items stored by ingest alone. */
async function ingestedDemo(): Promise<{ dir: string; config: Config; store: Store }> {
  const dir = copyDemo(tempFolder('newsmill-clean-once-'));
  const config = loadConfig(path.join(dir, 'newsmill.yaml'), {});
  const store = openTestStore(storeFileOf(config));
  for (const source of config.sources) await ingestSource(source, { config, store });
  return { dir, config, store };
}

/** The demo's config with `edit` applied to its text. */
function editedConfig(config: Config, edit: (text: string) => string): Config {
  return parseConfigText(edit(readFileSync(config.file, 'utf8')), config.file, {});
}

/** Every file below `root` with its text. */
function filesOf(root: string): Map<string, string> {
  return new Map(listFiles(root).map((file) => [file, readFileSync(path.join(root, file), 'utf8')]));
}

/** Whether any file below `root` contains `text`. */
function anyFileContains(root: string, text: string): boolean {
  return [...filesOf(root).values()].some((content) => content.includes(text));
}

/** Replaces the stored cleaning of `item` with a marker, keeping its key and content time. */
async function markCleaning(store: Store, item: StoredItem, marker: string): Promise<void> {
  const cleaned = item.cleaned;
  if (!cleaned) throw new Error(`${item.identity} was not cleaned at ingest`);
  await store.saveCleanedContent(item.sourceKey, [
    { ...cleaned, identity: item.identity, html: `<p>${marker}</p>` },
  ]);
}

/** Writes the Hexo posts and builds the site; gives the two output folders. */
async function publishBoth(dir: string, config: Config, store: Store): Promise<string[]> {
  const hexo = createHexoWriter(config.output.hexo ?? '', store);
  await hexo.prepare();
  await publishHexo(config, store, hexo);
  await buildSite({ config, store });
  return [path.join(dir, 'hexo/source/_posts'), config.output.site];
}

describe('cleaning once, at ingest', () => {
  it('stores every new item’s cleaned article and cover, exactly what cleaning at output gives', async () => {
    const { config, store } = await ingestedDemo();
    const items = await store.listAllItems();
    expect(items).toHaveLength(24);
    const secretFile = `${storeFileOf(config)}.seal`;
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    const secret = readFileSync(secretFile, 'utf8').trim();
    for (const item of items) {
      const source = config.sources.find((entry) => entry.key === item.sourceKey);
      if (!source) throw new Error(`no source ${item.sourceKey}`);
      const settings = cleaningSettingsOf(source, config);
      const fresh = processItemContent(item, { ...settings, sourceKey: source.key, identity: item.identity });
      // Sealed with the secret ingest keeps beside the store (`storedCleaningKey`).
      const cleaning = { ...fresh, from: item.changedAt };
      expect(item.cleaned).toEqual({
        ...cleaning,
        key: storedCleaningKey(cleaningKey(settings), secret, {
          ...cleaning,
          sourceKey: item.sourceKey,
          identity: item.identity,
        }),
      });
    }
    // Exports never carry cleanings: an import must not bring in HTML published as is.
    expect((await store.exportData()).items.some((item) => 'cleaned' in item)).toBe(false);
  });

  it('lets the Hexo posts and the site use the stored cleaning while its settings match', async () => {
    const { dir, config, store } = await ingestedDemo();
    const [item] = await store.listItems('feeds/zaker.xml');
    if (!item) throw new Error('no item');
    await markCleaning(store, item, 'stored-cleaning-marker');
    const hexo = createHexoWriter(config.output.hexo ?? '', store);
    await hexo.prepare();
    await publishHexo(config, store, hexo);
    await buildSite({ config, store });
    const posts = path.join(dir, 'hexo/source/_posts');
    expect(anyFileContains(posts, 'stored-cleaning-marker')).toBe(true);
    expect(anyFileContains(config.output.site, 'stored-cleaning-marker')).toBe(true);

    // Other cleaning settings since ingest: the stored cleaning is stale, and both outputs clean.
    const moved = editedConfig(config, (text) => text.replace(/^ {2}mode: http-only\b/m, '  mode: all'));
    expect(moved.proxy.mode).toBe('all');
    expect(postsWritten(await publishHexo(moved, store, hexo))).toBeGreaterThan(0);
    await buildSite({ config: moved, store });
    expect(anyFileContains(posts, 'stored-cleaning-marker')).toBe(false);
    expect(anyFileContains(config.output.site, 'stored-cleaning-marker')).toBe(false);
  });

  it('sanitizes a stored cleaning again before publishing it: a store edited by hand injects nothing', async () => {
    const { dir, config, store } = await ingestedDemo();
    const [item] = await store.listItems('feeds/zaker.xml');
    if (!item?.cleaned) throw new Error('no cleaned item');
    const hostile =
      '<p>tampered-marker</p><script>alert(1)</script><img src="https://img.example.cn/a.jpg" onerror="alert(2)"><a href="javascript:alert(3)">x</a>';
    await store.saveCleanedContent(item.sourceKey, [
      { ...item.cleaned, identity: item.identity, html: hostile },
    ]);
    for (const root of await publishBoth(dir, config, store)) {
      // The stored cleaning was used (its marker is there), and nothing hostile came with it.
      expect(anyFileContains(root, 'tampered-marker')).toBe(true);
      for (const bad of ['<script>alert(1)', 'onerror=', 'javascript:alert(3)'])
        expect(anyFileContains(root, bad)).toBe(false);
    }
  });

  it('publishes a cleaning sealed with the store’s secret as stored, and one sealed otherwise sanitized', async () => {
    const { dir, config, store } = await ingestedDemo();
    const [first, second] = await store.listItems('feeds/zaker.xml');
    if (!first?.cleaned || !second?.cleaned) throw new Error('no cleaned items');
    const secret = readFileSync(`${storeFileOf(config)}.seal`, 'utf8').trim();
    const key = first.cleaned.key.slice(0, first.cleaned.key.indexOf('.'));
    // Markup the sanitizer drops, so that finding it shows the cleaning was not sanitized again.
    const sealedWith = (item: StoredItem, marker: string, by: string) => {
      const html = `<p data-seal="${marker}">${marker}</p>`;
      const cleaning = { html, cover: '', text: `${marker}-text`, from: item.changedAt };
      const sealed = { ...cleaning, sourceKey: item.sourceKey, identity: item.identity };
      return { ...cleaning, identity: item.identity, key: storedCleaningKey(key, by, sealed) };
    };
    await store.saveCleanedContent('feeds/zaker.xml', [
      sealedWith(first, 'sealed-marker', secret),
      sealedWith(second, 'forged-marker', 'a-secret-that-is-not-the-store-one'),
    ]);
    for (const root of await publishBoth(dir, config, store)) {
      expect(anyFileContains(root, 'data-seal="sealed-marker"')).toBe(true);
      expect(anyFileContains(root, 'forged-marker')).toBe(true);
      expect(anyFileContains(root, 'data-seal="forged-marker"')).toBe(false);
    }
    // The site's excerpts show the sealed text, and the forged one's text taken from its article.
    expect(anyFileContains(config.output.site, 'sealed-marker-text')).toBe(true);
    expect(anyFileContains(config.output.site, 'forged-marker-text')).toBe(false);
  });

  it('builds the site from sealed cleanings without reading a raw article', async () => {
    const { config, store } = await ingestedDemo();
    const counting = Object.create(store) as Store;
    const read = { bodies: 0, withoutBodies: 0 };
    counting.getItems = (refs) => ((read.bodies += refs.length), store.getItems(refs));
    counting.getItemsWithoutBodies = (refs) => (
      (read.withoutBodies += refs.length),
      store.getItemsWithoutBodies(refs)
    );
    // In-process, so that every read goes through the store this test counts.
    counting.itemReaderSpec = undefined;
    const summary = await buildSite({ config, store: counting });
    expect(read).toEqual({ bodies: 0, withoutBodies: summary.posts });
  });

  it('seals at the next ingest the cleanings stored before seals, and cleans them again to do so', async () => {
    const { config, store } = await ingestedDemo();
    const before = await store.listItems('feeds/zaker.xml');
    // As a newsmill before seals stored them: the settings' key alone, over HTML it made.
    await store.saveCleanedContent(
      'feeds/zaker.xml',
      before.map((item) => {
        const cleaned = item.cleaned as NonNullable<StoredItem['cleaned']>;
        const key = cleaned.key.slice(0, cleaned.key.indexOf('.'));
        return { ...cleaned, identity: item.identity, key, html: `${cleaned.html}<p>unsealed</p>` };
      }),
    );
    const source = config.sources.find((entry) => entry.key === 'feeds/zaker.xml');
    if (!source) throw new Error('no zaker source');
    await ingestSource(source, { config, store, force: true });
    const after = await store.listItems('feeds/zaker.xml');
    expect(after.map((item) => item.cleaned?.key)).toEqual(before.map((item) => item.cleaned?.key));
    expect(after.some((item) => item.cleaned?.html.includes('unsealed'))).toBe(false);
  });

  it('cleans again, on a run whose feed answered 304, the stored items cleaned under other settings', async () => {
    // A feed with an ETag, which answers 304 to a request that sends it back.
    const server = await startLoopbackServer((request, response) => {
      if (request.headers['if-none-match'] === '"v1"') response.writeHead(304).end();
      else
        response.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(generateRss(3));
    });
    try {
      const dir = tempFolder('newsmill-clean-stale-');
      const text = `sources:\n  - { url: "${server.url}/feed.xml", categories: [新闻, 来源, 频道] }\n`;
      const config = parseConfigText(text, path.join(dir, 'newsmill.yaml'), {});
      const store = openTestStore(storeFileOf(config));
      const source = config.sources[0] as (typeof config.sources)[number];
      await ingestSource(source, { config, store });
      const before = await store.listItems(source.key);
      expect(before.every((item) => item.cleaned)).toBe(true);
      // As an earlier cleaner version stored them (another settings key), with a marker to see them go.
      await store.saveCleanedContent(
        source.key,
        before.map((item) => {
          const cleaned = item.cleaned as NonNullable<StoredItem['cleaned']>;
          return { ...cleaned, identity: item.identity, key: '0'.repeat(32), html: '<p>old-cleaner</p>' };
        }),
      );
      const outcome = await ingestSource(source, { config, store });
      expect(outcome).toMatchObject({ notModified: true, error: null, warnings: [] });
      const after = await store.listItems(source.key);
      expect(after.map((item) => item.cleaned?.key)).toEqual(before.map((item) => item.cleaned?.key));
      expect(after.some((item) => item.cleaned?.html.includes('old-cleaner'))).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('does not reuse a stored cover that is not a web address', async () => {
    const { config, store } = await ingestedDemo();
    const [item] = await store.listItems('feeds/zaker.xml');
    if (!item?.cleaned) throw new Error('no cleaned item');
    await store.saveCleanedContent(item.sourceKey, [
      { ...item.cleaned, identity: item.identity, html: '<p>cover-marker</p>', cover: 'javascript:alert(1)' },
    ]);
    await buildSite({ config, store });
    expect(anyFileContains(config.output.site, 'javascript:alert(1)')).toBe(false);
    expect(anyFileContains(config.output.site, 'cover-marker')).toBe(false);
  });

  it('never stores a cleaning made from content that changed since', async () => {
    const { store } = await ingestedDemo();
    const [item] = await store.listItems('feeds/zaker.xml');
    if (!item?.cleaned) throw new Error('no cleaned item');
    await store.saveCleanedContent(item.sourceKey, [
      { ...item.cleaned, identity: item.identity, html: '<p>stale</p>', from: '2020-01-01T00:00:00.000Z' },
    ]);
    const [after] = await store.listItems('feeds/zaker.xml');
    expect(after?.cleaned).toEqual(item.cleaned);
  });

  it('builds the same site, byte for byte, from stored cleanings as from cleaning every article', async () => {
    const { dir, config, store } = await ingestedDemo();
    await buildSite({ config, store });
    // The same store, read as one without cleanings (as one written before ingest cleaned).
    const uncleaned = Object.create(store) as Store;
    let cleanedAgain = 0;
    uncleaned.getItems = async (refs) => {
      cleanedAgain += refs.length;
      return (await store.getItems(refs)).map((item) => (item ? { ...item, cleaned: null } : null));
    };
    uncleaned.getItemsWithoutBodies = async (refs) =>
      (await store.getItemsWithoutBodies(refs)).map((item) => (item ? { ...item, cleaned: null } : null));
    uncleaned.itemReaderSpec = () => null;
    const other = withSiteOutput(config, path.join(dir, 'public-uncleaned'));
    const { posts } = await buildSite({ config: other, store: uncleaned });
    // Every article was read whole and cleaned: the build did not compare the stored cleanings with themselves.
    expect(cleanedAgain).toBe(posts);
    expect(filesOf(other.output.site)).toEqual(filesOf(config.output.site));
    // Without the seal's secret (a PostgreSQL store without NEWSMILL_SEAL_SECRET), every stored
    // cleaning is sanitized again: the sanitizer gives its own output back unchanged.
    const unsealed = {
      ...withSiteOutput(config, path.join(dir, 'public-unsealed')),
      seal: { secret: null, file: null },
    };
    await buildSite({ config: unsealed, store });
    expect(filesOf(unsealed.output.site)).toEqual(filesOf(config.output.site));
  });
});
