import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import type { Config } from '../config/resolve-config.js';
import type { Store } from '../store/store.js';
import { seedItems, testSource } from '../test-support/seeded-store.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { openTestStore } from '../test-support/test-store.js';
import { createVictimTree, snapshotTree } from '../test-support/victim-tree.js';
import { describeRetireHeld, describeRetireRefused, retireRemovedSources } from './removed-sources.js';
import { storeFileOf } from '../test-support/store-file.js';

const KEPT = testSource('feeds/kept.xml', ['新闻', 'Kept', 'all']);
const GONE = testSource('feeds/gone.xml', ['新闻', 'Gone', 'all']);
const DAY_MS = 86_400_000;

/** A project with Hexo output whose config lists only KEPT, and a store holding KEPT and GONE with posts. */
async function project(
  removedSourceDays = 0,
): Promise<{ dir: string; config: Config; store: Store; posts: string }> {
  const dir = tempFolder('newsmill-removed-');
  const text = `output: { hexo: hexo }\nretention: { removedSourceDays: ${removedSourceDays} }\n`;
  const config = { ...parseConfigText(text, path.join(dir, 'newsmill.yaml'), {}), sources: [KEPT] };
  const store = openTestStore(storeFileOf(config));
  const posts = path.join(dir, 'hexo/source/_posts');
  for (const source of [KEPT, GONE]) {
    const items = await seedItems(store, source, 3);
    for (const item of items) {
      const file = `${source.categories.join('/')}/${item.identity.replace(':', '-')}.md`;
      mkdirSync(path.dirname(path.join(posts, file)), { recursive: true });
      writeFileSync(path.join(posts, file), 'post');
      await store.recordOutputFile('hexo', source.key, item.identity, file);
    }
  }
  return { dir, config, store, posts };
}

describe('retiring removed sources', () => {
  it('changes nothing on a dry run, then deletes the source’s items and posts and nothing of the others', async () => {
    const { config, store, posts } = await project();
    const gonePosts = ['id-0', 'id-1', 'id-2'].map((name) => path.join(posts, `新闻/Gone/all/${name}.md`));
    const dry = await retireRemovedSources(config, store, { dryRun: true });
    expect(dry.sources).toHaveLength(1);
    expect(dry.sources[0]).toMatchObject({ due: true, source: { key: GONE.key, itemCount: 3 } });
    expect(dry.sources[0]?.files.sort()).toEqual(gonePosts);
    for (const file of gonePosts) expect(existsSync(file)).toBe(true);
    expect(await store.listItems(GONE.key)).toHaveLength(3);

    const done = await retireRemovedSources(config, store, { dryRun: false });
    expect(done.sources[0]?.files.sort()).toEqual(gonePosts);
    for (const file of gonePosts) expect(existsSync(file)).toBe(false);
    expect(await store.listItems(GONE.key)).toEqual([]);
    expect((await store.listSources()).map((source) => source.key)).toEqual([KEPT.key]);
    expect(await store.listItems(KEPT.key)).toHaveLength(3);
    expect(existsSync(path.join(posts, '新闻/Kept/all/id-0.md'))).toBe(true);
    expect((await retireRemovedSources(config, store, { dryRun: false })).sources).toEqual([]);
  });

  it('deletes only the Hexo posts during the grace period, and the items once it is over', async () => {
    const { config, store, posts } = await project(2);
    const start = new Date('2024-03-01T00:00:00Z');
    const first = await retireRemovedSources(config, store, { dryRun: false, now: start });
    expect(first.sources[0]).toMatchObject({ due: false, purgeAt: '2024-03-03T00:00:00.000Z' });
    expect(first.sources[0]?.files).toHaveLength(3);
    // Its posts go, and with them the category folders they leave empty; the others stay.
    expect(existsSync(path.join(posts, '新闻/Gone'))).toBe(false);
    expect(existsSync(path.join(posts, '新闻/Kept/all/id-0.md'))).toBe(true);
    expect(await store.listItems(GONE.key)).toHaveLength(3);
    // The grace period counts from the first run that found the source gone, not from each run.
    const later = new Date(start.getTime() + DAY_MS);
    const second = await retireRemovedSources(config, store, { dryRun: false, now: later });
    expect(second.sources[0]).toMatchObject({ due: false, files: [], purgeAt: '2024-03-03T00:00:00.000Z' });
    const after = new Date(start.getTime() + 2 * DAY_MS);
    expect((await retireRemovedSources(config, store, { dryRun: false, now: after })).sources[0]?.due).toBe(
      true,
    );
    expect(await store.listItems(GONE.key)).toEqual([]);
  });

  it('treats a grace period too long for a date as never over', async () => {
    const { config, store } = await project(1e300);
    const result = await retireRemovedSources(config, store, { dryRun: false });
    expect(result.sources[0]).toMatchObject({ due: false, purgeAt: '+275760-09-13T00:00:00.000Z' });
    expect(await store.listItems(GONE.key)).toHaveLength(3);
  });

  it('deletes no recorded file outside the posts folder, and keeps a source whose file cannot be deleted', async () => {
    const { dir, config, store, posts } = await project();
    const victim = createVictimTree(dir);
    const before = snapshotTree(victim);
    symlinkSync(victim, path.join(posts, 'linked'));
    const items = await store.listItems(GONE.key);
    const records = ['linked/important.txt', '../../../victim/v2.txt', 'stuck'];
    for (const [index, file] of records.entries())
      await store.recordOutputFile('hexo', GONE.key, items[index]?.identity ?? '', file);
    // A folder where a post was recorded: rm without `recursive` cannot delete it.
    mkdirSync(path.join(posts, 'stuck/inner'), { recursive: true });

    const result = await retireRemovedSources(config, store, { dryRun: false });
    expect(snapshotTree(victim)).toEqual(before);
    expect(result.refused.map(describeRetireRefused)).toEqual([
      `not deleting a file of removed source ${GONE.key}: refused "../../../victim/v2.txt": it leads outside ${posts}`,
      `not deleting a file of removed source ${GONE.key}: refused "linked/important.txt": ${path.join(posts, 'linked')} is a symbolic link to ${victim}, outside ${posts}`,
    ]);
    expect(result.kept.map((entry) => entry.file)).toEqual([path.join(posts, 'stuck')]);
    expect(await store.listItems(GONE.key)).toHaveLength(3);
    rmSync(path.join(posts, 'stuck'), { recursive: true });
    const retried = await retireRemovedSources(config, store, { dryRun: false });
    expect(retried.kept).toEqual([]);
    expect(await store.listItems(GONE.key)).toEqual([]);
    expect(snapshotTree(victim)).toEqual(before);
  });

  it('deletes no stored item while a catalogue selection matches nothing, which may be a rename upstream', async () => {
    const { dir, store, posts } = await project();
    const docs = fileURLToPath(new URL('../config/testdata/catalogue/namespace.json', import.meta.url));
    const text = [
      'output: { hexo: hexo }',
      `catalogue: { docs: ${JSON.stringify(docs)}, select: [新媒体/Renamed/*] }`,
    ].join('\n');
    const config = { ...parseConfigText(text, path.join(dir, 'newsmill.yaml'), {}), sources: [KEPT] };
    expect(config.unmatchedSelections).toEqual(['新媒体/Renamed/*']);

    const result = await retireRemovedSources(config, store, { dryRun: false });
    expect(result.heldBy).toEqual(['新媒体/Renamed/*']);
    expect(result.sources[0]).toMatchObject({ due: false, source: { key: GONE.key } });
    expect(await store.listItems(GONE.key)).toHaveLength(3);
    // Its posts leave with its pages, as in a grace period: adding it back writes them again.
    expect(existsSync(path.join(posts, '新闻/Gone/all/id-0.md'))).toBe(false);
    expect(describeRetireHeld(result)).toMatch(
      /^kept the items of 1 removed source: catalogue\.select "新媒体\/Renamed\/\*" matches nothing/,
    );
  });
});
