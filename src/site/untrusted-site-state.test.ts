import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import type { Config } from '../config/resolve-config.js';
import type { Store } from '../store/store.js';
import { listFiles } from '../test-support/demo-site.js';
import { editManifestRecords } from '../test-support/manifest-records.js';
import { seedItems, testSource } from '../test-support/seeded-store.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { openTestStore } from '../test-support/test-store.js';
import { createVictimTree, snapshotTree } from '../test-support/victim-tree.js';
import { buildSite } from './build-site.js';
import { MANIFEST_FILE } from './site-manifest.js';
import { storeFileOf } from '../test-support/store-file.js';

const SOURCE = testSource('feeds/zaker.xml', ['新媒体', 'ZAKER', 'source']);

/** A built site in `<dir>/public` beside a victim tree in `<dir>/victim`. */
async function builtSite(): Promise<{ config: Config; store: Store; site: string; victim: string }> {
  const dir = tempFolder('newsmill-site-state-');
  // The seeded source is configured: the site leaves out the items of sources the config dropped.
  const config = {
    ...parseConfigText('site: { perPage: 2 }\n', path.join(dir, 'newsmill.yaml'), {}),
    sources: [SOURCE],
  };
  const store = openTestStore(storeFileOf(config));
  await seedItems(store, SOURCE, 5);
  await buildSite({ config, store });
  return { config, store, site: config.output.site, victim: createVictimTree(dir) };
}

function editManifest(site: string, edit: (manifest: Record<string, unknown[]>) => void): void {
  const file = path.join(site, MANIFEST_FILE);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown[]>;
  edit(manifest);
  writeFileSync(file, JSON.stringify(manifest));
}

describe('a build with an edited manifest or journal', () => {
  it('deletes nothing the manifest lists outside the site folder, and warns naming each path', async () => {
    const { config, store, site, victim } = await builtSite();
    const before = snapshotTree(victim);
    const absolute = path.join(victim, 'a.md');
    editManifest(site, (manifest) => {
      manifest.files?.push(
        '../victim/v2.txt',
        'k',
        absolute,
        'k',
        'categories/../../victim/important.txt',
        'k',
      );
    });
    // A post digest becomes `posts/<digest>.html`.
    editManifestRecords(site, (records) => records.push('../../victim/index', 'f', ''));

    const summary = await buildSite({ config, store });
    expect(snapshotTree(victim)).toEqual(before);
    expect(summary.warnings).toEqual([
      `not deleting a file an earlier build listed: refused "../victim/v2.txt": it leads outside ${site}`,
      `not deleting a file an earlier build listed: refused ${JSON.stringify(absolute)}: an absolute path, not one inside ${site}`,
      `not deleting a file an earlier build listed: refused "categories/../../victim/important.txt": it leads outside ${site}`,
      `not deleting a file an earlier build listed: refused "posts/../../victim/index.html": it leads outside ${site}`,
    ]);
    // The next manifest forgets them: a later build has nothing to warn about.
    expect((await buildSite({ config, store })).warnings).toEqual([]);
  });

  it('leaves a folder the manifest lists as a file alone, and still builds', async () => {
    const { config, store, site } = await builtSite();
    mkdirSync(path.join(site, 'mine'));
    writeFileSync(path.join(site, 'mine/page.html'), 'mine');
    editManifest(site, (manifest) => manifest.files?.push('mine', 'k'));

    const summary = await buildSite({ config, store });
    expect(summary.warnings).toEqual([
      `not deleting a file an earlier build listed: ${path.join(site, 'mine')} is a folder`,
    ]);
    expect(readFileSync(path.join(site, 'mine/page.html'), 'utf8')).toBe('mine');
  });

  it('deletes nothing the build journal lists outside the site folder', async () => {
    const { config, store, site, victim } = await builtSite();
    const before = snapshotTree(victim);
    const files = ['../victim/v2.txt', path.join(victim, 'important.txt'), 'posts/../../victim/a.md'];
    writeFileSync(path.join(site, '.newsmill-building'), JSON.stringify({ files }));

    const summary = await buildSite({ config, store });
    expect(snapshotTree(victim)).toEqual(before);
    expect(summary.warnings).toHaveLength(3);
    for (const [index, file] of files.entries())
      expect(summary.warnings[index]).toContain(JSON.stringify(file));
  });

  it('replaces a journal marker that is a symlink instead of writing through it', async () => {
    const { config, store, site, victim } = await builtSite();
    const before = snapshotTree(victim);
    symlinkSync(path.join(victim, 'important.txt'), path.join(site, '.newsmill-building'));
    await buildSite({ config, store });
    expect(snapshotTree(victim)).toEqual(before);
  });

  it('reuses no search block whose files the manifest names outside the search folder', async () => {
    const { config, store, site, victim } = await builtSite();
    const before = snapshotTree(victim);
    editManifest(site, (manifest) => {
      const blocks = manifest.search as unknown as Record<string, { postings: string[]; docs: string[] }>;
      for (const block of Object.values(blocks)) block.docs = ['../../victim/v2.txt'];
    });
    await buildSite({ config, store });
    expect(snapshotTree(victim)).toEqual(before);
    const meta = listFiles(path.join(site, 'search')).find((file) => file.startsWith('index.'));
    expect(readFileSync(path.join(site, 'search', meta ?? ''), 'utf8')).not.toContain('victim');
  });
});

describe('a build through a symlinked folder', () => {
  it('writes nothing through a folder of the site that is a symlink leaving it, and warns', async () => {
    const { config, store, site, victim } = await builtSite();
    rmSync(path.join(site, 'categories'), { recursive: true });
    symlinkSync(victim, path.join(site, 'categories'));
    const before = snapshotTree(victim);

    const summary = await buildSite({ config, store, full: true });
    expect(snapshotTree(victim)).toEqual(before);
    expect(summary.warnings.length).toBeGreaterThan(0);
    const reason = `${path.join(site, 'categories')} is a symbolic link to ${victim}, outside ${site}`;
    for (const warning of summary.warnings) {
      expect(warning).toMatch(/^not writing a site file: refused "categories\//);
      expect(warning).toContain(reason);
    }
    // Once the link is gone, the next build writes the pages it skipped.
    rmSync(path.join(site, 'categories'));
    const repaired = await buildSite({ config, store });
    expect(repaired.warnings).toEqual([]);
    expect(listFiles(path.join(site, 'categories')).length).toBe(summary.warnings.length);
  });

  it('writes the post pages it refused once the symlinked posts folder is gone', async () => {
    const { config, store, site, victim } = await builtSite();
    const pages = listFiles(path.join(site, 'posts'));
    rmSync(path.join(site, 'posts'), { recursive: true });
    symlinkSync(victim, path.join(site, 'posts'));
    const before = snapshotTree(victim);
    // A new item: its page, the page of the post that was newest (which now links to it) and the
    // lists showing it change, and nothing else.
    await seedItems(store, SOURCE, 6);

    const summary = await buildSite({ config, store });
    expect(snapshotTree(victim)).toEqual(before);
    expect(summary.warnings.filter((warning) => warning.includes('refused "posts/'))).toHaveLength(2);
    rmSync(path.join(site, 'posts'));
    expect((await buildSite({ config, store })).warnings).toEqual([]);
    // Only the two refused pages were written into the restored folder (the others went with the old one).
    expect(listFiles(path.join(site, 'posts'))).toHaveLength(2);
    expect(pages).toHaveLength(5);
  });

  it('writes the post pages a full build refused, though their records are otherwise unchanged', async () => {
    const { config, store, site, victim } = await builtSite();
    rmSync(path.join(site, 'posts'), { recursive: true });
    symlinkSync(victim, path.join(site, 'posts'));
    const summary = await buildSite({ config, store, full: true });
    expect(summary.warnings.filter((warning) => warning.includes('refused "posts/'))).toHaveLength(5);
    rmSync(path.join(site, 'posts'));
    expect((await buildSite({ config, store })).warnings).toEqual([]);
    expect(listFiles(path.join(site, 'posts'))).toHaveLength(5);
  });
});
