import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempFolder } from '../test-support/temp-folder.js';
import { cleanHeading, parseCatalogueMarkdown } from './catalogue-markdown.js';
import { parseNamespaceApi } from './catalogue-namespace-api.js';
import { readCatalogueSync } from './read-catalogue.js';

const testdata = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata', 'catalogue');
const read = (name: string): string => readFileSync(path.join(testdata, name), 'utf8');

describe('catalogue: headings', () => {
  it('removes inline components, then leading emoji and symbols, then extra whitespace', () => {
    expect(cleanHeading('📱 新媒体')).toBe('新媒体');
    expect(cleanHeading('🖊️️ 博客')).toBe('博客');
    expect(cleanHeading('少数派 sspai <Site url="sspai.com"/>')).toBe('少数派 sspai');
    expect(cleanHeading('Dockone <Badge>停更</Badge>   <Site url="dockone.io"/>')).toBe('Dockone');
    expect(cleanHeading('source <Badge text="热门" type="tip"/>')).toBe('source');
    expect(cleanHeading('36kr {#36kr}')).toBe('36kr');
    expect(cleanHeading('[GitHub](https://github.com) Trending')).toBe('GitHub Trending');
  });
});

describe('catalogue: the v1 attribute form', () => {
  const { entries, warnings } = parseCatalogueMarkdown(read('new-media.md'), { name: 'new-media' });

  it('reads every route under its three headings, skipping fenced code and comments', () => {
    expect(warnings).toEqual([]);
    expect(entries.map((e) => [e.category, e.source, e.channel, e.route, e.path])).toEqual([
      ['新媒体', 'ZAKER', 'source', '/zaker/source/12291', '/zaker/:type/:id'],
      ['新媒体', 'ZAKER', '分类', '/zaker/channel/13', '/zaker/channel/:id?'],
      ['新媒体', 'ZAKER', '精读', '/zaker/focusread', '/zaker/focusread'],
      ['新媒体', '36kr', '资讯, 快讯', '/36kr/news/latest', '/36kr/:category/:subCategory?'],
      ['新媒体', '36kr', '用户文章', null, '/36kr/user/:id'],
    ]);
  });

  it('reads the feature flags', () => {
    expect(entries.map((e) => [e.requiresConfig, e.requiresPuppeteer, e.antiCrawler])).toEqual([
      [false, false, false],
      [false, false, true],
      [false, true, false],
      [false, false, false],
      [true, false, false],
    ]);
  });

  it('reports a tag that never closes instead of failing', () => {
    const result = parseCatalogueMarkdown('# A\n## B\n<Route example="/b/c" path="/b/c"', { name: 'broken' });
    expect(result.entries).toEqual([]);
    expect(result.warnings[0]).toMatch(/broken: the <Route> tag is never closed/);
  });
});

describe('catalogue: the v2 JSON form', () => {
  const { entries, warnings } = parseCatalogueMarkdown(read('programming.md'), { name: 'programming' });

  it('joins the namespace and the relative path, and reads requireConfig lists', () => {
    expect(warnings).toEqual([]);
    expect(entries).toEqual([
      entry('编程', '掘金', '分类', '/juejin/category/frontend', '/juejin/category/:category'),
      entry('编程', '掘金', '标签', null, '/juejin/tag/:tag'),
      entry('编程', '掘金', '热门', '/juejin/trending/all/monthly', '/juejin/trending/:category/:type?'),
      {
        ...entry('编程', 'Dockone', '周报', '/dockone/weekly', '/dockone/weekly'),
        requiresConfig: true,
        requiresPuppeteer: true,
        antiCrawler: true,
      },
    ]);
  });
});

describe('catalogue: the namespace API', () => {
  it('names categories in the configured language and skips the popular cross-listing', () => {
    const zh = parseNamespaceApi(read('namespace.json'), 'zh', 'api');
    expect(
      zh.entries.map((e) => [e.category, e.source, e.channel, e.route, e.path, e.requiresConfig]),
    ).toEqual([
      ['新媒体', '少数派', '首页', '/sspai/index', '/sspai/index', false],
      ['新媒体', '少数派', '专栏', '/sspai/column/104', '/sspai/column/:id', false],
      ['编程', '开源中国', '资讯', '/oschina/news/industry', '/oschina/news/:category?', true],
      ['made-up-slug', 'Mystery', 'X', null, '/mystery/x', false],
    ]);
    const en = parseNamespaceApi(read('namespace.json'), 'en', 'api');
    expect(en.entries.map((e) => e.category)).toEqual([
      'New Media',
      'New Media',
      'Programming',
      'made-up-slug',
    ]);
  });

  it('reads a generated catalogue: its $meta category names win, and zh names in zh, names in en', () => {
    const json = JSON.stringify({
      $meta: { categories: { 'new-media': { zh: '新媒体', en: 'New media' } } },
      alpha: {
        name: 'Alpha News',
        zh: { name: '阿尔法新闻' },
        categories: ['new-media'],
        routes: { '/latest': { name: 'Latest', zh: { name: '最新' }, example: '/alpha/latest' } },
      },
    });
    const zh = parseNamespaceApi(json, 'zh', 'bundled');
    expect(zh.warnings).toEqual([]);
    expect(zh.entries.map((e) => [e.category, e.source, e.channel, e.path])).toEqual([
      ['新媒体', '阿尔法新闻', '最新', '/alpha/latest'],
    ]);
    const en = parseNamespaceApi(json, 'en', 'bundled');
    expect(en.entries.map((e) => [e.category, e.source, e.channel])).toEqual([
      ['New media', 'Alpha News', 'Latest'],
    ]);
  });

  it('names the sport category, which RSSHub added after the table was written', () => {
    const json = JSON.stringify({
      club: { name: 'Club', routes: { '/x': { name: 'X', categories: ['sport'] } } },
    });
    expect(parseNamespaceApi(json, 'zh', 'api').entries[0]?.category).toBe('体育');
    expect(parseNamespaceApi(json, 'en', 'api').entries[0]?.category).toBe('Sport');
  });

  it('warns about JSON that is not a namespace map', () => {
    expect(parseNamespaceApi('[1]', 'zh', 'api').warnings[0]).toMatch(/expected an object of namespaces/);
  });

  it('reads a folder of markdown pages and API JSON in name order', () => {
    const catalogue = readCatalogueSync([testdata], { dir: '/', language: 'zh' });
    expect(catalogue.entries.map((e) => e.path.split('/')[1])).toEqual([
      ...['sspai', 'sspai', 'oschina', 'mystery'],
      ...['zaker', 'zaker', 'zaker', '36kr', '36kr'],
      ...['juejin', 'juejin', 'juejin', 'dockone'],
    ]);
  });
});

describe('catalogue: speed', () => {
  it('reads 6 MB of docs in 24 pages in under 2 seconds', () => {
    const dir = tempFolder('newsmill-docs-');
    const body = [read('new-media.md'), read('programming.md')].join('\n').replace(/^# .*$/gm, '');
    let page = '';
    while (Buffer.byteLength(page) < (6 * 1024 * 1024) / 24) page += body;
    for (let i = 0; i < 24; i += 1) writeFileSync(path.join(dir, `page-${i}.md`), `# 📚 分类${i}\n${page}`);
    const started = performance.now();
    const { entries, warnings } = readCatalogueSync([dir], { dir, language: 'zh' });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(warnings).toEqual([]);
    expect(entries.length).toBeGreaterThan(10_000);
    expect(new Set(entries.map((e) => e.category)).size).toBe(24);
  });
});

function entry(
  category: string,
  source: string,
  channel: string,
  route: string | null,
  path: string,
): object {
  return {
    category,
    source,
    channel,
    route,
    path,
    requiresConfig: false,
    requiresPuppeteer: false,
    antiCrawler: false,
  };
}
