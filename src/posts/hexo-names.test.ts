import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as stringifyYaml } from 'yaml';
import { parseConfigText } from '../config/load-config.js';
import type { Config } from '../config/resolve-config.js';
import { runAllSources } from '../pipeline/run-all.js';
import { buildSite } from '../site/build-site.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { createHexoSite, generateHexoSite, type HexoGenerateResult } from '../test-support/hexo-site.js';
import { storeFileOf } from '../test-support/store-file.js';

// Category names that once broke `hexo generate` or a checkout on Windows, through the real Hexo 8:
// Hexo makes a folder of every front-matter category, so a name too long for a file name aborted
// the whole site with ENAMETOOLONG.

/** 420 bytes: 140 CJK characters, as a long channel title from a feed or an OPML file can be. */
const LONG_NAME = '很长的分类名'.repeat(23) + '结尾';
const SOURCES: Array<[string, [string, string, string]]> = [
  ['long.xml', ['新闻', LONG_NAME, `${'Long English channel name '.repeat(16)}end`]],
  ['devices.xml', ['CON', 'nul.txt', 'Aux']],
  ['upper.xml', ['News', 'Wire', 'Top']],
  ['lower.xml', ['news', 'wire', 'top']],
];

function rss(name: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${name}</title><link>https://names.example/</link>
<item><title>${name} item</title><link>https://names.example/${name}</link>
<pubDate>Thu, 16 Dec 2021 03:28:08 GMT</pubDate><description>&lt;p&gt;${name} body&lt;/p&gt;</description></item>
</channel></rss>
`;
}

let dir = '';
let siteDir = '';
let config: Config;
let result: HexoGenerateResult;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'newsmill-names-'));
  siteDir = createHexoSite();
  for (const [file] of SOURCES) writeFileSync(path.join(dir, file), rss(file));
  const yaml = stringifyYaml({
    output: { hexo: siteDir },
    sources: SOURCES.map(([url, categories]) => ({ url, categories })),
  });
  config = parseConfigText(yaml, path.join(dir, 'newsmill.yaml'), {});
  const store = openSqliteStore(storeFileOf(config));
  try {
    const summary = await runAllSources({ config, store });
    expect(summary.outcomes.flatMap((outcome) => outcome.error ?? outcome.itemErrors)).toEqual([]);
    await buildSite({ config, store });
  } finally {
    await store.close();
  }
  result = await generateHexoSite(siteDir);
}, 120_000);

afterAll(() => {
  for (const folder of [dir, siteDir]) if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('category names under real Hexo 8', () => {
  it('generates a site whose categories include a 420-byte name, without an error', () => {
    expect(Buffer.byteLength(LONG_NAME)).toBe(420);
    expect(result.problems).toEqual([]);
    expect(result.posts).toHaveLength(SOURCES.length);
  });

  it('gives Hexo the same cut names in the front matter as in the post folders, and warns', () => {
    const long = config.sources.find((source) => source.key === 'long.xml');
    const post = result.posts.find((candidate) => candidate.title === 'long.xml item');
    expect(post?.categories).toEqual(long?.categories);
    for (const name of post?.categories ?? []) expect(Buffer.byteLength(name)).toBeLessThanOrEqual(120);
    expect(post?.categories[1]).toBe(LONG_NAME.slice(0, 40));
    // The post's folders are the cut names themselves: nothing more is lost on the way to disk.
    expect(post?.source.split('/').slice(1, 3)).toEqual(post?.categories.slice(0, 2));
    expect(config.warnings.filter((warning) => warning.includes('long.xml'))).toHaveLength(2);
  });

  it("gives the site's category page the same cut name, in a folder of that name", () => {
    const [top, name] = config.sources.find((source) => source.key === 'long.xml')?.categories ?? [];
    const page = path.join(config.output.site, 'categories', top ?? '', name ?? '', 'index.html');
    expect(existsSync(page)).toBe(true);
    expect(readFileSync(page, 'utf8')).toContain(`<h1>${LONG_NAME.slice(0, 40)}</h1>`);
  });

  it('keeps device names and names that differ only in case as the categories they are', () => {
    const categoriesOf = (title: string) => result.posts.find((post) => post.title === title)?.categories;
    expect(categoriesOf('devices.xml item')).toEqual(['CON', 'nul.txt', 'Aux']);
    expect(categoriesOf('upper.xml item')).toEqual(['News', 'Wire', 'Top']);
    expect(categoriesOf('lower.xml item')).toEqual(['news', 'wire', 'top']);
    const devices = result.posts.find((post) => post.title === 'devices.xml item');
    expect(devices?.source.split('/').slice(1, 4)).toEqual(['CON_', 'nul_.txt', 'Aux_']);
  });
});
