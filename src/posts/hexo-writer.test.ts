import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutsideFolderError } from '../io/contained-path.js';
import { listFiles } from '../test-support/demo-site.js';
import { seedItems, testSource } from '../test-support/seeded-store.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { openTestStore } from '../test-support/test-store.js';
import { createVictimTree, snapshotTree } from '../test-support/victim-tree.js';
import { createHexoWriter } from './hexo-writer.js';

const SOURCE = testSource('feeds/zaker.xml', ['新媒体', 'ZAKER', 'source']);
const CONTENT = { html: '<p>正文</p>', cover: 'https://example.com/cover.png' };

async function setup() {
  const dir = tempFolder('newsmill-hexo-writer-');
  const store = openTestStore(path.join(dir, 'newsmill.db'));
  const items = await seedItems(store, SOURCE, 3);
  // Tests loop over these items: an empty list would make their checks vacuous.
  expect(items).toHaveLength(3);
  const victim = createVictimTree(dir);
  const writer = createHexoWriter(path.join(dir, 'hexo'), store);
  await writer.prepare();
  return { store, items, victim, writer, postsDir: writer.postsDir };
}

describe('the Hexo writer with untrusted recorded paths', () => {
  it('never deletes a recorded file outside the posts folder, and warns naming it', async () => {
    const { store, items, victim, writer } = await setup();
    const before = snapshotTree(victim);
    const [item] = items;
    if (!item) throw new Error('no item');
    // A store restored from a cache or an edited export: the record points at someone else's file.
    const recorded = '../../../victim/important.txt';
    await store.recordOutputFile('hexo', SOURCE.key, item.identity, recorded);

    const result = await writer.writePost(item, SOURCE, CONTENT);
    expect(snapshotTree(victim)).toEqual(before);
    expect(result.warnings).toEqual([
      `the post's old file was not deleted: refused ${JSON.stringify(recorded)}: it leads outside ${writer.postsDir}`,
    ]);
    // The post keeps a proper name of its own, and its record now names it.
    const own = await store.getOutputFile('hexo', SOURCE.key, item.identity);
    expect(own).toMatch(/^新媒体\/ZAKER\/source\/.+-[0-9a-f]{12}\.md$/);
    expect(result.file).toBe(path.join(writer.postsDir, own ?? ''));
  });

  it('does not take a recorded name that is no post file name', async () => {
    const { store, items, writer } = await setup();
    for (const [index, name] of ['x/../../evil.sh', '.hidden.md', '..', 'a\\b.md'].entries()) {
      const item = items[index % items.length];
      if (!item) throw new Error('no item');
      await store.recordOutputFile('hexo', SOURCE.key, item.identity, name);
      await writer.writePost(item, SOURCE, CONTENT);
      const own = await store.getOutputFile('hexo', SOURCE.key, item.identity);
      expect(own).toMatch(/^新媒体\/ZAKER\/source\/[^/.][^/]*-[0-9a-f]{12}\.md$/);
    }
  });

  it('writes nothing through a category folder that is a symlink leaving the posts folder', async () => {
    const { items, victim, writer, postsDir } = await setup();
    const before = snapshotTree(victim);
    symlinkSync(victim, path.join(postsDir, '新媒体'));
    for (const item of items) {
      const failure = await writer.writePost(item, SOURCE, CONTENT).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(OutsideFolderError);
      expect((failure as Error).message).toContain(
        `${path.join(postsDir, '新媒体')} is a symbolic link to ${victim}, outside ${postsDir}`,
      );
    }
    expect(snapshotTree(victim)).toEqual(before);
  });

  it('sweeps stale temp files without following a symlinked folder out of the posts folder', async () => {
    const { victim, postsDir, writer } = await setup();
    const before = snapshotTree(victim);
    mkdirSync(path.join(postsDir, 'own'), { recursive: true });
    writeFileSync(path.join(postsDir, 'own/.b.md.newsmill-tmp-0123456789ab'), 'left by a kill');
    symlinkSync(victim, path.join(postsDir, 'linked'));

    await writer.prepare();
    expect(snapshotTree(victim)).toEqual(before);
    expect(existsSync(path.join(postsDir, 'own'))).toBe(true);
    expect(listFiles(postsDir)).toEqual([]);
  });
});

describe('the Hexo writer writing a batch', () => {
  it('records the written posts in one store call, and fails only the post that cannot be written', async () => {
    const { store, items, victim, writer, postsDir } = await setup();
    const other = testSource('feeds/36kr.xml', ['科技', '36kr', 'source']);
    await store.registerSource({ key: other.key, location: other.key, categories: [...other.categories] });
    // The second source's category folder leads out of the posts folder: its post must fail alone.
    symlinkSync(victim, path.join(postsDir, '科技'));
    const calls: number[] = [];
    const recordOutputFiles = store.recordOutputFiles.bind(store);
    store.recordOutputFiles = (kind, records) => {
      calls.push(records.length);
      return recordOutputFiles(kind, records);
    };
    const stamp = { from: '2024-01-02T00:00:00.000Z', settings: 's1' };
    const [first, second, third] = items;
    if (!first || !second || !third) throw new Error('no items');
    const results = await writer.writePosts([
      { item: first, source: SOURCE, content: CONTENT, stamp },
      { item: second, source: other, content: CONTENT, stamp },
      { item: third, source: SOURCE, content: CONTENT, stamp },
    ]);
    expect(results[1]).toBeInstanceOf(OutsideFolderError);
    expect(calls).toEqual([2]);
    for (const item of [first, third]) {
      const recorded = await store.getOutputFile('hexo', SOURCE.key, item.identity);
      expect(recorded).toMatch(/^新媒体\/ZAKER\/source\/.+\.md$/);
      expect(existsSync(path.join(postsDir, recorded ?? ''))).toBe(true);
    }
    expect(await store.getOutputFile('hexo', other.key, second.identity)).toBeNull();
    expect(results.map((result) => (result instanceof Error ? 'failed' : result.status))).toEqual([
      'written',
      'failed',
      'written',
    ]);
  });
});
