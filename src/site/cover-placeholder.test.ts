import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import { identityDigest } from '../core/item-identity.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { seedItems, testSource } from '../test-support/seeded-store.js';
import { storeFileOf } from '../test-support/store-file.js';
import { buildSite } from './build-site.js';
import { placeholderInitial, placeholderTone } from './pages/list-page.js';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

/** Builds a site of two items of source `掘金`: one with a picture, one without. */
async function buildWith(configText: string): Promise<(file: string) => string> {
  dir = mkdtempSync(path.join(tmpdir(), 'newsmill-cover-'));
  const source = testSource('feeds/juejin.xml', ['编程', '掘金', '最新']);
  const config = { ...parseConfigText(configText, path.join(dir, 'newsmill.yaml'), {}), sources: [source] };
  const store = openSqliteStore(storeFileOf(config));
  try {
    const [withPicture] = await seedItems(store, source, 2);
    if (!withPicture) throw new Error('seeded');
    await store.saveItems(
      source.key,
      [
        {
          identity: withPicture.identity,
          item: { ...withPicture, content: '<p>正文</p><img src="https://img.example.cn/a.jpg">' },
        },
      ],
      '2024-02-02T00:00:00Z',
    );
    await buildSite({ config, store });
  } finally {
    await store.close();
  }
  return (file) => readFileSync(path.join(config.output.site, file), 'utf8');
}

const page = (n: number): string => `posts/${identityDigest('feeds/juejin.xml', `id:${n}`, 12)}.html`;

describe('an item without a picture', () => {
  it('gets its source’s placeholder in lists, and no picture on its page or in feeds', async () => {
    const read = await buildWith('site: { title: 测试 }\n');
    const home = read('index.html');
    const tone = placeholderTone('掘金');
    const span = `<span class="cover tone-${tone}" data-initial="${placeholderInitial('掘金')}" aria-hidden="true">`;
    // The item with a picture shows it over the placeholder; the other shows the placeholder alone.
    expect(home).toContain(`${span}<img src="https://img.example.cn/a.jpg" alt="" data-initial=`);
    expect(home).toContain(`${span}</span>`);
    expect(home).not.toContain('picsum.photos');
    expect(read(page(1))).not.toContain('post-cover');
    expect(read(page(1))).not.toContain('<img');
    const feed = JSON.parse(read('feed.json')) as { items: Array<{ image?: string }> };
    expect(feed.items.map((item) => item.image ?? null).sort()).toEqual([
      'https://img.example.cn/a.jpg',
      null,
    ]);
    expect(read('atom.xml')).not.toContain('picsum.photos');
  });

  it('shows the fallback picture, as the Hexo posts do, with site.missingCover: fallback', async () => {
    const read = await buildWith('site: { missingCover: fallback }\n');
    expect(read('index.html')).toMatch(
      /<span class="cover tone-\d"[^>]*><img src="https:\/\/picsum\.photos\//,
    );
    expect(read(page(1))).toContain('class="post-cover" src="https://picsum.photos/');
  });
});

describe('placeholders', () => {
  it('take the first letter of the source, upper case, and a colour that depends on the name only', () => {
    expect(placeholderInitial('zaker')).toBe('Z');
    expect(placeholderInitial(' 掘金')).toBe('掘');
    expect(placeholderInitial('😀 emoji')).toBe('😀');
    // Pinned: a source's colour must not change between versions, or every list page re-renders.
    expect(['ZAKER', '掘金', '36kr'].map(placeholderTone)).toEqual([1, 1, 2]);
    const tones = new Set(
      ['ZAKER', '36kr', '掘金', '开源中国', 'cnBeta', 'Dockone', 'IT之家'].map(placeholderTone),
    );
    expect(tones.size).toBeGreaterThan(2);
  });
});
