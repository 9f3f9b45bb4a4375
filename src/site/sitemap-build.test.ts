import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import { identityDigest } from '../core/item-identity.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { listFiles } from '../test-support/demo-site.js';
import { seedItems, testSource } from '../test-support/seeded-store.js';
import { storeFileOf } from '../test-support/store-file.js';
import { buildSite } from './build-site.js';
import { SITE_SITEMAP_URLS } from './sitemap.js';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

describe('a site whose sitemap needs more than one file', () => {
  it('lists every page once, and after a new item rewrites only the newest post file', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-sitemap-'));
    const source = testSource('feeds/a.xml', ['News', 'A', 'All']);
    const config = {
      ...parseConfigText('site: { perPage: 100 }\n', path.join(dir, 'newsmill.yaml'), {}),
      sources: [source],
    };
    const root = config.output.site;
    const store = openSqliteStore(storeFileOf(config));
    try {
      await seedItems(store, source, SITE_SITEMAP_URLS + 100);
      await buildSite({ config, store });
      const first = sitemapFiles(root);
      const tail = `sitemap-posts-${SITE_SITEMAP_URLS}.xml`;
      expect([...first.keys()]).toEqual(['sitemap-pages-0.xml', 'sitemap-posts-0.xml', tail, 'sitemap.xml']);
      expect(first.get('sitemap.xml')).toContain('<sitemapindex');
      const listed = [...first.values()].flatMap((text) => [...text.matchAll(/<url><loc>([^<]+)</g)]);
      const pages = listFiles(root).filter((file) => file.endsWith('.html') && !file.startsWith('search/'));
      // Every page but 404.html and offline.html, once.
      expect(listed).toHaveLength(pages.length - 2);
      expect(new Set(listed.map((match) => match[1])).size).toBe(listed.length);
      const stats = new Map([...first.keys()].map((file) => [file, statSync(path.join(root, file)).mtimeMs]));

      await store.saveItems(
        source.key,
        [{ identity: 'id:new', item: { ...newestItem, id: 'new', link: 'https://example.com/new' } }],
        '2024-02-02T00:00:00Z',
      );
      // An append: it planned the sitemap from the site's head, the older post file carried over.
      expect(await buildSite({ config, store })).toMatchObject({ appended: true });
      const second = sitemapFiles(root);
      // Only the newest post file changed: a post of a month the site has adds no page.
      for (const file of ['sitemap.xml', 'sitemap-posts-0.xml', 'sitemap-pages-0.xml']) {
        expect(second.get(file)).toBe(first.get(file));
        expect(statSync(path.join(root, file)).mtimeMs).toBe(stats.get(file));
      }
      const page = `posts/${identityDigest(source.key, 'id:new', 12)}.html`;
      expect(second.get(tail)).toContain(`/${page}</loc><lastmod>2024-01-31</lastmod>`);
      expect(second.get(tail)?.match(/<url>/g)).toHaveLength(101);
    } finally {
      await store.close();
    }
  });
});

const newestItem = {
  title: '新条目',
  published: '2024-01-31T12:00:00.000Z',
  updated: null,
  author: null,
  summary: null,
  content: '<p>新条目的正文</p>',
  categories: [],
  enclosures: [],
  image: null,
  baseUrl: null,
};

function sitemapFiles(root: string): Map<string, string> {
  const files = listFiles(root).filter((file) => /^sitemap(-(posts|pages)-\d+)?\.xml$/.test(file));
  return new Map(files.sort().map((file) => [file, readFileSync(path.join(root, file), 'utf8')]));
}
