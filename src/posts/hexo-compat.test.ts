import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeXmlText } from '../io/xml-escape.js';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { parseConfigText } from '../config/load-config.js';
import type { SourceConfig } from '../config/resolve-config.js';
import { runAllSources } from '../pipeline/run-all.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store, StoredItem } from '../store/store.js';
import { copyDemo } from '../test-support/demo-site.js';
import {
  createHexoSite,
  generateHexoSite,
  readPostPage,
  type HexoGenerateResult,
  type HexoPostInfo,
} from '../test-support/hexo-site.js';
import { storeFileOf } from '../test-support/store-file.js';

// Issues "real-Hexo compatibility": newsmill's Hexo output for the demo plus a 1,000-post stress set
// goes through `hexo generate` (Hexo 8, landscape, marked, the four generators) in-process.

const TOTAL_POSTS = 1000;

/** Titles that broke the ancestor or could break YAML, Nunjucks or the theme. */
const TRICKY_TITLES = [
  `It's "quoted" both ways`,
  'Colon: then # hash',
  '- leading dash',
  '[bracketed] title',
  '{{ user.name }} in a title',
  '{% raw %}raw{% endraw %} and {# comment #}',
  '}} closing braces first',
  'emoji 🚀 and 中文 😀',
  'true',
  '2021-12-16',
  // Escaped once more for the XML: newsmill decodes the text, then its entities, to `… <3 <tag>`.
  'a < b && c > d <3 &lt;tag&gt;',
  '? question, * star, & anchor, ! tag, | pipe, > fold, % percent, @ at, ` tick',
  "''",
  'back\\slash and 全角：“引号”《书名》',
];

/** Category paths of every shape, at every depth: spaces, CJK, YAML indicators, shared prefixes. */
const STRESS_CATEGORIES: [string, string, string][] = [
  ['科技', 'IT 之家', '最新'],
  ['编程', '掘金', '前端'],
  ['编程', 'V2EX', '热门'],
  ['图片', 'Instagram: 精选 #1', 'source'],
  ['- dash', '[beta]', '{{ channel }}'],
  ['true', 'null', '2021-12-16'],
  ['C++ / C#', 'Node.js', '周报 & 月报'],
  ["it's", 'say "hi"', '`tick`'],
  ['a', 'a', 'a'],
  ['emoji 🚀', '💬 讨论', '🔥 热榜'],
  ['100', '3.14', 'yes'],
];

const GBK_CATEGORIES: [string, string, string] = ['新媒体', '网易新闻', '今日 要闻'];

/** Code a post shows in a `<pre>` block, without blank lines (see hexo-markdown.test.ts for those). */
const CODE_SAMPLE = [
  '<p>Hello, {{ user.name }}!</p>',
  '{% raw %}{{ message }}{% endraw %} {# note #} {%- if x -%}',
  'const o = { a: { b: 1 }}; // }} closes twice',
].join('\n');

/** One RSS item; titles are escaped XML text, the body is CDATA with braces in code and in text. */
function stressItem(feed: string, index: number, title: string, date: string): string {
  const body =
    `<p>正文 ${index}: text with {{ braces }}, {% if %} and {# hash #}, then }} alone.</p>` +
    `<pre><code class="language-html">${escapeXmlText(CODE_SAMPLE)}</code></pre>` +
    `<p>Inline <code>{{ inline }}</code> and an image <img src="http://img.example.cn/${feed}/${index}.jpg"></p>`;
  return (
    `<item><title>${title}</title><link>https://stress.example.cn/${feed}/${index}</link>` +
    `<guid isPermaLink="false">${feed}-${index}</guid><pubDate>${date}</pubDate>` +
    `<description><![CDATA[${body}]]></description></item>`
  );
}

function rss(title: string, items: string[], encoding = 'UTF-8'): string {
  return `<?xml version="1.0" encoding="${encoding}"?>\n<rss version="2.0"><channel><title>${title}</title><link>https://stress.example.cn/</link>\n${items.join('\n')}\n</channel></rss>\n`;
}

/** Publication dates spread over years, hours and offsets, in the forms feeds really use. */
function stressDate(feedIndex: number, index: number): string {
  const instant = Date.UTC(2019, 0, 1) + (feedIndex * 977 + index) * 3_600_000 * 17 + index * 61_000;
  if (index % 3 === 0) {
    // RFC 822 with a +0800 offset, as Chinese feeds often write it.
    return new Date(instant + 8 * 3_600_000).toUTCString().replace('GMT', '+0800');
  }
  return new Date(instant).toUTCString();
}

/** Writes the stress feeds into `feedsDir` and returns their source entries for the config. */
function writeStressFeeds(feedsDir: string, count: number): object[] {
  const perFeed = Math.ceil(count / (STRESS_CATEGORIES.length + 1));
  const sources: object[] = [];
  let written = 0;
  const take = () => Math.min(perFeed, count - written);
  STRESS_CATEGORIES.forEach((categories, feedIndex) => {
    const n = take();
    const items = Array.from({ length: n }, (_, i) => {
      const base = TRICKY_TITLES[i % TRICKY_TITLES.length] ?? '';
      // Every 7th item repeats a title verbatim: same-title items must not collide.
      const title = i % 7 === 0 ? base : `${base} ${feedIndex}-${i}`;
      return stressItem(`s${feedIndex}`, i, escapeXmlText(title), stressDate(feedIndex, i));
    });
    const file = `stress-${feedIndex}.xml`;
    writeFileSync(path.join(feedsDir, file), rss(`stress ${feedIndex}`, items));
    sources.push({ url: `feeds/${file}`, categories, limit: n });
    written += n;
  });
  const n = count - written;
  const gbkItems = Array.from({ length: n }, (_, i) =>
    stressItem(
      'gbk',
      i,
      escapeXmlText(`网易：“镕”字与“祎”字——GBK 扩展字符（第 ${i} 条）￥《测试》`),
      stressDate(99, i),
    ).replace('正文', 'GBK 正文：中文标点，。；“”‘’、'),
  );
  writeFileSync(path.join(feedsDir, 'stress-gbk.xml'), iconv.encode(rss('网易新闻', gbkItems, 'gbk'), 'gbk'));
  sources.push({ url: 'feeds/stress-gbk.xml', categories: GBK_CATEGORIES, limit: n });
  return sources;
}

interface PostRecord {
  source: SourceConfig;
  item: StoredItem;
  hexo: HexoPostInfo;
}

let demoDir = '';
let siteDir = '';
let store: Store | null = null;
let sources: readonly SourceConfig[] = [];
let result: HexoGenerateResult;
let records: PostRecord[] = [];
const timings: Record<string, number> = {};

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await run();
  } finally {
    timings[label] = Math.round(performance.now() - start);
  }
}

beforeAll(async () => {
  demoDir = copyDemo();
  // Big pages keep the index, archive and category pagination of 1,000 posts to a few pages.
  siteDir = createHexoSite({ perPage: 200 });
  const demoConfig = parseYaml(readFileSync(path.join(demoDir, 'newsmill.yaml'), 'utf8')) as {
    output: Record<string, string>;
    sources: object[];
  };
  const configFile = path.join(demoDir, 'newsmill.yaml');
  const configWith = (extra: object[]) =>
    parseConfigText(
      stringifyYaml({
        ...demoConfig,
        output: { ...demoConfig.output, hexo: siteDir },
        sources: [...demoConfig.sources, ...extra],
      }),
      configFile,
      {},
    );
  // The demo first, to learn how many items it has; the stress set brings the total to 1,000.
  const demo = configWith([]);
  store = openSqliteStore(storeFileOf(demo));
  await timed('newsmill run (demo)', () => runAllSources({ config: demo, store: store! }));
  let demoItems = 0;
  for (const source of demo.sources) demoItems += (await store.listItems(source.key)).length;
  const config = configWith(writeStressFeeds(path.join(demoDir, 'feeds'), TOTAL_POSTS - demoItems));
  sources = config.sources;
  const summary = await timed('newsmill run', () => runAllSources({ config, store: store! }));
  expect(summary.outcomes.filter((outcome) => outcome.error).map((outcome) => outcome.source.key)).toEqual(
    [],
  );
  expect(summary.itemsNew).toBe(TOTAL_POSTS - demoItems);
  result = await timed('hexo generate', () => generateHexoSite(siteDir));
  const bySource = new Map(result.posts.map((post) => [post.source, post]));
  for (const source of sources) {
    for (const item of await store.listItems(source.key)) {
      const relative = await store.getOutputFile('hexo', source.key, item.identity);
      const hexo = bySource.get(`_posts/${(relative ?? '').split(path.sep).join('/')}`);
      if (!hexo) throw new Error(`no Hexo post for ${source.key} ${item.identity} (${relative})`);
      records.push({ source, item, hexo });
    }
  }
}, 180_000);

afterAll(async () => {
  console.info(`hexo-compat timings (ms): ${JSON.stringify(timings)}`);
  await store?.close();
  store = null;
  records = [];
  for (const dir of [demoDir, siteDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

function expectedDate(item: StoredItem): string {
  // The post date has whole seconds (RFC 1123); a first-seen time keeps its milliseconds in the store.
  const ms = Date.parse(item.published ?? item.updated ?? item.firstSeenAt);
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

describe('newsmill output under real Hexo 8 with the landscape theme', () => {
  it('generates the demo plus the stress set, 1,000 posts, without a warning or an error', () => {
    expect(result.problems).toEqual([]);
    expect(records).toHaveLength(TOTAL_POSTS);
    expect(result.posts).toHaveLength(TOTAL_POSTS);
    // The stress set really carries the hazards it is meant to.
    const titles = records.map((record) => record.item.title ?? '');
    for (const needle of ["'", '"', ': ', ' #', '{{', '{%', '{#', '}}', '🚀', '<tag>', '&&', '镕']) {
      expect(titles.some((title) => title.includes(needle))).toBe(true);
    }
    expect(titles.some((title) => title.startsWith('- '))).toBe(true);
    expect(titles.some((title) => title.startsWith('['))).toBe(true);
  });

  it("gives every item Hexo's post with the stored title, the source's categories and the publication instant", () => {
    const mismatches = records.filter(
      ({ source, item, hexo }) =>
        hexo.title !== item.title ||
        JSON.stringify(hexo.categories) !== JSON.stringify(source.categories) ||
        hexo.date !== expectedDate(item),
    );
    expect(
      mismatches.slice(0, 5).map(({ source, item, hexo }) => ({
        hexo,
        expected: { title: item.title, categories: source.categories, date: expectedDate(item) },
      })),
    ).toEqual([]);
  });

  it('writes every post page, showing the escaped title, the categories and the date', () => {
    const wrong: unknown[] = [];
    for (const { source, item, hexo } of records) {
      const page = readPostPage(result.publicDir, hexo.path);
      const expected = {
        headline: item.title,
        headlineIsText: true,
        categories: source.categories,
        datetime: expectedDate(item),
      };
      const actual = {
        headline: page.headline,
        headlineIsText: page.headlineIsText,
        categories: page.categories,
        datetime: page.datetime,
      };
      if (JSON.stringify(actual) !== JSON.stringify(expected))
        wrong.push({ path: hexo.path, actual, expected });
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('shows braces in code and text literally: Nunjucks ate no {{ }}, {% raw %} or {# #}', () => {
    const stress = records.filter(({ item }) => item.link?.startsWith('https://stress.example.cn/'));
    expect(stress.length).toBeGreaterThan(TOTAL_POSTS * 0.9);
    for (const { hexo } of stress) {
      const page = readPostPage(result.publicDir, hexo.path);
      expect(page.codeBlocks).toEqual([CODE_SAMPLE]);
      expect(page.bodyText).toContain('text with {{ braces }}, {% if %} and {# hash #}, then }} alone.');
      expect(page.bodyText).toContain('Inline {{ inline }} and');
    }
  });

  it('builds the category tree of every source, with a list page at every depth', () => {
    const byChain = new Map(result.categories.map((category) => [JSON.stringify(category.chain), category]));
    for (const source of sources) {
      for (let depth = 1; depth <= 3; depth++) {
        const chain = source.categories.slice(0, depth);
        const category = byChain.get(JSON.stringify(chain));
        expect(category, chain.join(' / ')).toBeDefined();
        expect(
          existsSync(path.join(result.publicDir, category?.path ?? '-', 'index.html')),
          category?.path,
        ).toBe(true);
      }
      const leaf = byChain.get(JSON.stringify(source.categories));
      const expected = records.filter(
        (record) => record.source.categories.join('\0') === source.categories.join('\0'),
      );
      expect(leaf?.postCount, source.key).toBe(expected.length);
    }
  });

  it('shows the demo code samples with {{ }}, {% raw %}…{% endraw %} and {# #} as written', () => {
    const juejin = records.filter(
      ({ source }) => source.categories[1] === '掘金' && source.key.includes('juejin'),
    );
    const text = juejin
      .map(({ hexo }) => readPostPage(result.publicDir, hexo.path).codeBlocks.join('\n'))
      .join('\n');
    expect(text).toContain('你好，{{ user.name }}！');
    expect(text).toContain('{% raw %}\n<span>{{ message }}</span>\n{% endraw %}');
    expect(text).toContain('{# 这是一条 Nunjucks 注释，不会输出 #}');
    expect(text).toContain("const tpl = 'Hi {{ user.name }}{% if user.vip %}（VIP）{% endif %}';");
  });

  it('shows GBK-origin text unchanged', () => {
    const gbk = records.filter(({ source }) => source.key === 'feeds/stress-gbk.xml');
    expect(gbk.length).toBeGreaterThan(50);
    for (const { source, item, hexo } of gbk) {
      const page = readPostPage(result.publicDir, hexo.path);
      expect(page.headline).toBe(item.title);
      expect(page.categories).toEqual(source.categories);
      expect(page.bodyText).toContain('GBK 正文：中文标点，。；“”‘’、');
    }
    expect(gbk.some(({ item }) => item.title?.includes('“镕”字与“祎”字——GBK 扩展字符'))).toBe(true);
  });
});
