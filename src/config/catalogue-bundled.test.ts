import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { filterCatalogue } from '../cli/catalogue-command.js';
import { renderProjectConfig } from '../scaffold/project-template.js';
import { selectCatalogueRoutes } from './catalogue-selection.js';
import { parseConfigText } from './load-config.js';
import { parseCatalogueText } from './read-catalogue.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bundled = path.join(root, 'catalogue/rsshub-namespace.json');
const text = readFileSync(bundled, 'utf8');

// Exactly the facts the catalogue keeps: a new key (a description, radar rules) must be a decision, not drift.
const names = z.strictObject({ name: z.string().min(1) });
const route = z.strictObject({
  name: z.string(),
  zh: names.optional(),
  example: z.string().startsWith('/').optional(),
  categories: z.array(z.string().min(1)).min(1).optional(),
  parameters: z.record(z.string(), z.string().max(80)).optional(),
  features: z
    .strictObject({
      requireConfig: z.literal(true).optional(),
      requirePuppeteer: z.literal(true).optional(),
      antiCrawler: z.literal(true).optional(),
      nsfw: z.literal(true).optional(),
    })
    .optional(),
});
const namespace = z.strictObject({
  name: z.string().min(1),
  zh: names.optional(),
  url: z.string().optional(),
  categories: z.array(z.string().min(1)).optional(),
  // Paths as RSSHub writes them: a few omit the leading slash, one is empty (the namespace's root).
  routes: z.record(z.string(), route),
});
const meta = z.strictObject({
  generated: z.iso.date(),
  source: z.strictObject({
    repository: z.literal('DIYgod/RSSHub'),
    commit: z.string().regex(/^[0-9a-f]{7,40}$/),
    via: z.string(),
    license: z.enum(['AGPL-3.0', 'MIT']),
  }),
  notice: z.string().includes('Facts only'),
  docs: z.strictObject({ repository: z.string(), commit: z.string().nullable() }),
  categories: z.record(z.string(), z.strictObject({ zh: z.string().min(1), en: z.string().min(1) })),
  counts: z.strictObject({
    namespaces: z.number(),
    routes: z.number(),
    filesRead: z.number(),
    skipped: z.number(),
    codeProperties: z.number(),
  }),
});

describe('the bundled catalogue (catalogue/rsshub-namespace.json)', () => {
  const json = JSON.parse(text) as Record<string, unknown>;
  const { $meta, ...namespaces } = json;
  const zh = parseCatalogueText(text, bundled, 'zh');

  it('has the compact shape, with its source, commit, license and both languages of category names', () => {
    const parsedMeta = meta.parse($meta);
    z.record(z.string(), namespace).parse(namespaces);
    expect(parsedMeta.counts.namespaces).toBe(Object.keys(namespaces).length);
    expect(parsedMeta.categories['new-media']).toEqual({ zh: '新媒体', en: expect.any(String) });
    expect(parsedMeta.categories.programming).toEqual({ zh: '编程', en: 'Programming' });
  });

  it('stays small on disk and in the package (compact JSON, no prose)', () => {
    expect(statSync(bundled).size).toBeLessThan(1024 * 1024);
    expect(gzipSync(text).length).toBeLessThan(256 * 1024);
    // Compact: no indentation, so one line (plus the final newline).
    expect(text.trimEnd().split('\n')).toHaveLength(1);
  });

  it('covers the whole route tree: over a thousand namespaces, every route read without warnings', () => {
    expect(zh.warnings).toEqual([]);
    const spaces = new Set(zh.entries.map((entry) => entry.path.split('/')[1]));
    expect(spaces.size).toBeGreaterThan(1000);
    expect(zh.entries.length).toBeGreaterThan(3000);
    expect(zh.entries.length).toBe((meta.parse($meta) as { counts: { routes: number } }).counts.routes);
  });

  it('answers --search and --category across many namespaces, in both languages', () => {
    const juejin = filterCatalogue(zh.entries, { search: '掘金' });
    expect(juejin.length).toBeGreaterThanOrEqual(5);
    expect(juejin.every((entry) => entry.path.startsWith('/juejin/'))).toBe(true);
    const weekly = filterCatalogue(zh.entries, { search: 'weekly' });
    expect(new Set(weekly.map((entry) => entry.path.split('/')[1])).size).toBeGreaterThan(10);
    const programming = filterCatalogue(zh.entries, { category: '编程' });
    expect(new Set(programming.map((entry) => entry.source)).size).toBeGreaterThan(100);
    const en = parseCatalogueText(text, bundled, 'en');
    expect(filterCatalogue(en.entries, { category: 'programming' })).toHaveLength(programming.length);
    expect(new Set(en.entries.map((entry) => entry.category))).toContain('New media');
  });

  it("resolves the scaffold's selection (newsmill init) with no warning", () => {
    const yaml = renderProjectConfig({
      name: 'my-news',
      title: 'My news',
      url: 'https://example.github.io/my-news/',
      rsshub: 'https://rsshub.app',
    });
    // The config sits at the repository root, so its catalogue/… is the bundled file.
    const config = parseConfigText(yaml, path.join(root, 'newsmill.yaml'), {});
    expect(config.warnings).toEqual([]);
    expect(config.sources.map((source) => source.key)).toContain('rsshub:/juejin/category/frontend');
    expect(config.sources.length).toBeGreaterThanOrEqual(6);
  });

  it('explains the selections of the older bundled catalogue instead of going quiet', () => {
    const old = ['新媒体/ZAKER/source', '新媒体/36kr/资讯', '新媒体/cnBeta/*', '编程/Dockone/周报'];
    const { warnings } = selectCatalogueRoutes(zh.entries, { select: old, exclude: [], params: {} });
    expect(warnings).toEqual([
      expect.stringMatching(
        /^catalogue.select "新媒体\/ZAKER\/source" matches no route: ZAKER is under 其他 .*分类/,
      ),
      expect.stringMatching(
        /^catalogue.select "新媒体\/36kr\/资讯" matches no route: 新媒体\/36kr has the channels .*资讯热榜/,
      ),
      expect.stringMatching(
        /^catalogue.select "新媒体\/cnBeta\/\*" matches no route: .*did you mean .*新媒体\/cnBeta.COM/,
      ),
      expect.stringMatching(/^catalogue.select "编程\/Dockone\/周报" matches no route: no source "Dockone"/),
    ]);
  });

  it('is read fast enough for every run: the whole file parses in well under a second', () => {
    const started = performance.now();
    parseCatalogueText(text, bundled, 'zh');
    // About 40 ms on a loaded 2-core machine; the bound only catches a pathological regression.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
