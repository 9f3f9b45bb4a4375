import { existsSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from './build-site.js';
import { prepareDemoStore, type DemoStore } from '../test-support/demo-build.js';

let demo: DemoStore;
beforeAll(async () => {
  demo = await prepareDemoStore();
}, 120_000);
afterAll(async () => {
  await demo.dispose();
});

describe('a category renamed only in case', () => {
  it('keeps its pages where the file system folds case (Windows, macOS)', async () => {
    const { config, store } = demo;
    const root = config.output.site;
    await buildSite({ config, store });
    const channel = path.join(root, 'categories', '新媒体', 'ZAKER');
    expect(existsSync(path.join(channel, 'source', 'index.html'))).toBe(true);
    // The config now says `Source`: the next run registers the new spelling.
    const source = (await store.listSources()).find((candidate) => candidate.key === 'feeds/zaker.xml');
    if (!source) throw new Error('no zaker source');
    await store.registerSource({ ...source, categories: ['新媒体', 'ZAKER', 'Source'] });
    // Linux folds no case: `Source` as a link to `source` is one folder under two spellings, as on NTFS or APFS.
    symlinkSync('source', path.join(channel, 'Source'));
    const summary = await buildSite({ config, store });
    expect(summary.warnings).toEqual([]);
    for (const file of ['index.html', 'atom.xml'])
      expect({ file, exists: existsSync(path.join(channel, 'Source', file)) }).toEqual({
        file,
        exists: true,
      });
  });
});
