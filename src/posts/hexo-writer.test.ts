import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OutsideFolderError } from '../io/contained-path.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { listFiles } from '../test-support/demo-site.js';
import { seedItems, testSource } from '../test-support/seeded-store.js';
import { createVictimTree, snapshotTree } from '../test-support/victim-tree.js';
import { createHexoWriter } from './hexo-writer.js';

let dir = '';
let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
  rmSync(dir, { recursive: true, force: true });
});

const SOURCE = testSource('feeds/zaker.xml', ['新媒体', 'ZAKER', 'source']);
const CONTENT = { html: '<p>正文</p>', cover: 'https://example.com/cover.png' };

async function setup() {
  dir = mkdtempSync(path.join(tmpdir(), 'newsmill-hexo-writer-'));
  store = openSqliteStore(path.join(dir, 'newsmill.db'));
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
