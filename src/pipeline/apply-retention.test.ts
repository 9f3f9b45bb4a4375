import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import { seedItems, testSource } from '../test-support/seeded-store.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { openTestStore } from '../test-support/test-store.js';
import { createVictimTree, snapshotTree } from '../test-support/victim-tree.js';
import { applyRetention, describeRefused } from './apply-retention.js';
import { storeFileOf } from '../test-support/store-file.js';

const SOURCE = testSource('feeds/zaker.xml', ['新媒体', 'ZAKER', 'source']);
const POLICY = { maxAgeDays: null, maxItemsPerSource: 1 };

describe('retention with untrusted recorded paths', () => {
  it('deletes no file through a symlinked folder or a path leaving the posts folder, and says so', async () => {
    const dir = tempFolder('newsmill-retention-');
    const config = parseConfigText('output: { hexo: hexo }\n', path.join(dir, 'newsmill.yaml'), {});
    const store = openTestStore(storeFileOf(config));
    const items = await seedItems(store, SOURCE, 5);
    const victim = createVictimTree(dir);
    const before = snapshotTree(victim);
    const postsDir = path.join(dir, 'hexo/source/_posts');
    mkdirSync(postsDir, { recursive: true });
    symlinkSync(victim, path.join(postsDir, 'linked'));
    // Three expired items have posts; two claim files that are not newsmill's.
    const records = ['linked/a.md', '../../../victim/important.txt', 'own/post.md', 'own/other.md'];
    for (const [index, file] of records.entries())
      await store.recordOutputFile('hexo', SOURCE.key, items[index + 1]?.identity ?? '', file);
    mkdirSync(path.join(postsDir, 'own'));
    writeFileSync(path.join(postsDir, 'own/post.md'), 'ours');
    writeFileSync(path.join(postsDir, 'own/other.md'), 'ours');

    const dry = await applyRetention(config, store, POLICY, { dryRun: true });
    const own = [path.join(postsDir, 'own/other.md'), path.join(postsDir, 'own/post.md')];
    expect(dry.files.sort()).toEqual(own);
    expect(dry.refused).toHaveLength(2);
    const result = await applyRetention(config, store, POLICY, { dryRun: false });
    expect(snapshotTree(victim)).toEqual(before);
    expect(result.refused.map(describeRefused).sort()).toEqual([
      `not deleting a file of feeds/zaker.xml "标题 1": refused "linked/a.md": ${path.join(postsDir, 'linked')} is a symbolic link to ${victim}, outside ${postsDir}`,
      `not deleting a file of feeds/zaker.xml "标题 2": refused "../../../victim/important.txt": it leads outside ${postsDir}`,
    ]);
    // Their items still leave the store, with the false records, and newsmill's own posts go.
    expect(result.expired).toHaveLength(4);
    expect(result.kept).toEqual([]);
    expect(result.files.sort()).toEqual(own);
    for (const file of own) expect(existsSync(file)).toBe(false);
    expect(await store.findExpiredItems(POLICY, new Date().toISOString())).toEqual([]);
  });

  it('removes the folders its deletions leave empty, and keeps one holding a file of someone else', async () => {
    const dir = tempFolder('newsmill-retention-');
    const config = parseConfigText('output: { hexo: hexo }\n', path.join(dir, 'newsmill.yaml'), {});
    const store = openTestStore(storeFileOf(config));
    const items = await seedItems(store, SOURCE, 5);
    const postsDir = path.join(dir, 'hexo/source/_posts');
    const records = [
      '新媒体/ZAKER/source/1.md',
      '新媒体/ZAKER/source/2.md',
      '新媒体/36kr/x/3.md',
      '科技/y/z/4.md',
    ];
    for (const [index, file] of records.entries()) {
      await store.recordOutputFile('hexo', SOURCE.key, items[index + 1]?.identity ?? '', file);
      mkdirSync(path.dirname(path.join(postsDir, file)), { recursive: true });
      writeFileSync(path.join(postsDir, file), 'ours');
    }
    writeFileSync(path.join(postsDir, '新媒体/36kr/x/notes.txt'), 'the user’s');
    const result = await applyRetention(config, store, POLICY, { dryRun: false });
    expect(result.files).toHaveLength(4);
    expect(existsSync(path.join(postsDir, '新媒体/ZAKER'))).toBe(false);
    expect(existsSync(path.join(postsDir, '科技'))).toBe(false);
    expect(existsSync(path.join(postsDir, '新媒体/36kr/x/notes.txt'))).toBe(true);
    // The posts folder itself stays, for Hexo.
    expect(existsSync(postsDir)).toBe(true);
  });
});
