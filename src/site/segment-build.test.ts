import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import type { FeedItem } from '../core/model.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { withSiteOutput } from '../test-support/demo-build.js';
import { testSource } from '../test-support/seeded-store.js';
import { siteTree } from '../test-support/site-tree.js';
import { storeFileOf } from '../test-support/store-file.js';
import { buildSite } from './build-site.js';
import { SEGMENT_FOLDER } from './manifest-segments.js';
import { MANIFEST_FILE } from './site-manifest.js';

// A busy source, and a rare one whose few posts span the busy one's whole history: the rare one's
// list shows posts from every segment of the post records.
const BUSY = testSource('feeds/busy.xml', ['新闻', 'Busy', 'source']);
const RARE = testSource('feeds/rare.xml', ['新闻', 'Rare', 'source']);

const itemOf = (name: string, day: number): { identity: string; item: FeedItem } => ({
  identity: `id:${name}`,
  item: {
    id: name,
    title: `标题 ${name}`,
    link: `https://example.com/${name}`,
    published: new Date(Date.UTC(2021, 0, 1) + day * 86_400_000).toISOString(),
    updated: null,
    author: null,
    summary: null,
    // Every post has a picture of its own, so a cover taken from the wrong record shows.
    content: `<p>正文 ${name}</p><p><img src="https://img.example.com/${name}.jpg"></p>`,
    categories: [],
    enclosures: [],
    image: null,
    baseUrl: null,
  },
});

describe('a site whose post records span many segments', () => {
  it('after new items, builds the tree a clean build makes, rewriting only the segments that changed and reading only the articles shown', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-segments-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const config = {
      ...parseConfigText('site: { perPage: 10 }\n', path.join(dir, 'newsmill.yaml'), {}),
      sources: [BUSY, RARE],
    };
    const store = openSqliteStore(storeFileOf(config));
    onTestFinished(() => store.close());
    for (const source of [BUSY, RARE])
      await store.registerSource({
        key: source.key,
        location: source.location,
        categories: source.categories,
      });
    const busy = Array.from({ length: 1500 }, (_, day) => itemOf(`busy-${day}`, day));
    const rare = Array.from({ length: 15 }, (_, n) => itemOf(`rare-${n}`, n * 100 + 50));
    await store.saveItems(BUSY.key, busy, '2025-01-01T00:00:00Z');
    await store.saveItems(RARE.key, rare, '2025-01-01T00:00:00Z');
    const site = config.output.site;
    await buildSite({ config, store });
    const segmentsOf = (): string[] =>
      (JSON.parse(readFileSync(path.join(site, MANIFEST_FILE), 'utf8')) as { segments: string[] }).segments;
    const segments = segmentsOf();
    expect(segments.length).toBeGreaterThan(2);

    // The rare source's newest post: its list's first page shows posts of every segment.
    await store.saveItems(RARE.key, [itemOf('rare-new', 1501)], '2025-01-02T00:00:00Z');
    // Counts the articles the build reads: those its new pages show, not every post of an unread segment.
    const counting = Object.create(store) as Store;
    let read = 0;
    counting.getItems = (refs) => {
      read += refs.length;
      return store.getItems(refs);
    };
    const summary = await buildSite({ config, store: counting });
    expect(read).toBeGreaterThan(0);
    expect(summary.written).toBeGreaterThan(0);
    const kept = segmentsOf().filter((name) => segments.includes(name));
    // The newest segment changed (the new post, and the post before it, which now links to it);
    // the others are there still. The build appended the new post.
    expect(kept).toEqual(segments.slice(1));
    for (const name of kept) expect(existsSync(path.join(site, SEGMENT_FOLDER, name))).toBe(true);
    expect(readdirSync(path.join(site, SEGMENT_FOLDER))).not.toContain(segments[0]);
    expect(summary.appended).toBe(true);

    const clean = path.join(dir, 'clean');
    await buildSite({ config: withSiteOutput(config, clean), store });
    const [incremental, expected] = [siteTree(site), siteTree(clean)];
    expect([...incremental.keys()]).toEqual([...expected.keys()]);
    for (const [file, text] of expected) expect(incremental.get(file), file).toBe(text);
    expect(readFileSync(path.join(site, 'categories/新闻/Rare/index.html'), 'utf8')).toContain(
      'https://img.example.com/rare-0.jpg',
    );

    // A new post of the busy source is shown only with the newest posts: the build reads those
    // articles (and the newest search block's), not those of every post its unread segments hold.
    await store.saveItems(BUSY.key, [itemOf('busy-new', 1502)], '2025-01-03T00:00:00Z');
    read = 0;
    expect(await buildSite({ config, store: counting })).toMatchObject({ appended: true });
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(1000);
  });
});
