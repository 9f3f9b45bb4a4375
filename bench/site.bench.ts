/**
 * Site build benchmark: `newsmill build` (the CLI) against real `hexo generate` (Hexo 8 + landscape,
 * on posts written by newsmill's own Hexo writer) and Debian's `hugo`, on the same synthetic
 * content, cold and after one new item. Every contender runs as a child process under
 * `/usr/bin/time`, which reports wall time, CPU time and peak RSS; cheap runs are repeated and the
 * median is reported.
 *
 *   npm run bench -- site
 *   SITE_BENCH_SIZES=1000,5000,20000 SITE_BENCH_HEXO_MAX=5000 npm run bench -- site
 *   SITE_BENCH_KEEP=1 keeps the fixture folders; SITE_BENCH_NO_HUGO=1 leaves Hugo out;
 *   SITE_BENCH_CLEANED=1 stores every article cleaned, as ingest does, so that builds clean none.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config/load-config.js';
import type { Config } from '../src/config/resolve-config.js';
import { processItemContent } from '../src/content/process-content.js';
import type { FeedItem } from '../src/core/model.js';
import { createHexoWriter, type HexoWriter } from '../src/posts/hexo-writer.js';
import { cleaningKeyFor, contentOptionsFor } from '../src/site/post-content.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { Store, StoredItem } from '../src/store/store.js';
import { storeFileOf } from '../src/test-support/store-file.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOPS = ['新媒体', '编程', '科技', '图片'];
const SOURCES = ['ZAKER', '36kr', 'IT之家', '掘金', '开源中国', 'cnBeta', 'Dockone', '少数派'];
const CHANNELS = ['source', '资讯', '最新'];
const SENTENCES = [
  '国家统计局今天发布数据显示，前三季度国内生产总值同比增长，经济运行总体平稳。',
  '多家新能源车企宣布上调部分车型售价，原因是电池原材料成本持续上涨。',
  '开源社区发布了新的长期支持版本，修复了大量安全漏洞并改进了容器镜像的构建速度。',
  '分析人士认为，消费品牌正在从流量增长转向复购率和毛利率驱动的精细化运营。',
  '这次更新带来了全新的任务栏设计，同时恢复了用户呼声很高的拖放功能。',
  '研究团队在实验室中完成了新型储能材料的测试，能量密度比现有方案提升近三成。',
  '寒潮预警发布后，多地气温将下降八到十二摄氏度，交通部门提醒市民注意出行安全。',
  'Kubernetes 集群在生产环境中的落地经验表明，服务网格需要配合完善的可观测性体系。',
  '工程师们用 Rust 重写了核心模块，内存占用下降了一半，启动时间缩短到原来的三分之一。',
  '冬奥倒计时五十天，延庆赛区已经完成全部场馆测试，赛事组织工作进入冲刺阶段。',
];

/** A tiny deterministic PRNG, so every run benchmarks the same content. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function sourceOf(index: number): { key: string; categories: [string, string, string] } {
  const top = TOPS[index % 4] as string;
  const source = SOURCES[Math.floor(index / 4) % 8] as string;
  const channel = CHANNELS[Math.floor(index / 32) % 3] as string;
  return {
    key: `feeds/${index % 4}-${Math.floor(index / 4) % 8}-${Math.floor(index / 32) % 3}.xml`,
    categories: [top, source, channel],
  };
}

function makeItem(n: number, next: () => number): { sourceIndex: number; item: FeedItem } {
  const paragraphs = Array.from({ length: 4 + Math.floor(next() * 6) }, () =>
    Array.from(
      { length: 2 + Math.floor(next() * 3) },
      () => SENTENCES[Math.floor(next() * SENTENCES.length)],
    ).join(''),
  );
  const image =
    next() < 0.7 ? `<p><img data-original="http://img${n % 5}.example.cn/${n}.jpg" alt=""></p>` : '';
  const start = Date.parse('2022-01-01T00:00:00Z');
  const published = new Date(start + Math.floor(next() * 730 * 86_400_000)).toISOString();
  const title = `${SENTENCES[n % SENTENCES.length]?.slice(0, 12 + (n % 9))} 第 ${n} 期`;
  const item: FeedItem = {
    id: `bench-${n}`,
    title,
    link: `https://news.example.cn/a/${n}`,
    published,
    updated: null,
    author: null,
    summary: null,
    content: `<p>${paragraphs[0]}</p>${image}${paragraphs
      .slice(1)
      .map((p) => `<p>${p}</p>`)
      .join('')}`,
    categories: [],
    enclosures: [],
    image: null,
    baseUrl: null,
  };
  return { sourceIndex: n % 96, item };
}

interface Fixture {
  dir: string;
  config: Config;
  store: Store;
  hexo: HexoWriter;
}

async function createFixture(count: number): Promise<Fixture> {
  const dir = mkdtempSync(path.join(tmpdir(), `newsmill-site-bench-${count}-`));
  const sources = Array.from({ length: 96 }, (_, i) => sourceOf(i));
  const yaml = [
    'site: { title: bench, url: "https://bench.example.cn/", perPage: 20 }',
    'output: { hexo: hexo, site: public }',
    'proxy: { mode: http-only, template: "https://cors.example.workers.dev/?{url}" }',
    'sources:',
    ...sources.map((s) => `  - { url: "${s.key}", categories: [${s.categories.join(', ')}] }`),
  ].join('\n');
  writeFileSync(path.join(dir, 'newsmill.yaml'), `${yaml}\n`);
  const config = loadConfig(path.join(dir, 'newsmill.yaml'), {});
  const store = openSqliteStore(storeFileOf(config));
  for (const source of config.sources) await store.registerSource(source);
  const hexo = createHexoWriter(path.join(dir, 'hexo'), store);
  setUpHexo(dir);
  setUpHugo(dir);
  const next = random(count);
  const batches = new Map<number, Array<{ identity: string; item: FeedItem }>>();
  for (let n = 0; n < count; n++) {
    const { sourceIndex, item } = makeItem(n, next);
    const list = batches.get(sourceIndex) ?? [];
    list.push({ identity: `id:${item.id}`, item });
    batches.set(sourceIndex, list);
  }
  for (const [index, items] of batches) {
    const saved = await store.saveItems(sourceOf(index).key, items, '2024-01-01T00:00:00.000Z');
    for (const { item } of saved) await writeOtherGenerators({ dir, config, store, hexo }, item);
  }
  return { dir, config, store, hexo };
}

/** Writes the item as a Hexo post (newsmill's writer) and as a Hugo content file with the same HTML. */
async function writeOtherGenerators(fixture: Fixture, item: StoredItem): Promise<void> {
  const source = fixture.config.sources.find((s) => s.key === item.sourceKey);
  if (!source) throw new Error(`no source ${item.sourceKey}`);
  const content = processItemContent(item, contentOptionsFor(fixture.config, item));
  await fixture.hexo.writePost(item, source, content);
  // SITE_BENCH_CLEANED=1: the store holds each article as ingest cleans it (`run` does since
  // issue #22), so the build cleans none of them; without it, the build cleans every article.
  if (process.env.SITE_BENCH_CLEANED) {
    const key = cleaningKeyFor(fixture.config, item.sourceKey);
    await fixture.store.saveCleanedContent(item.sourceKey, [
      { identity: item.identity, ...content, key, from: item.changedAt },
    ]);
  }
  const front = [
    '---',
    `title: ${JSON.stringify(item.title)}`,
    `date: ${item.published}`,
    `categories: ${JSON.stringify(source.categories)}`,
    `images: [${JSON.stringify(content.cover)}]`,
    '---',
  ].join('\n');
  const file = path.join(fixture.dir, 'hugo/content/posts', `${item.identity.replace(/\W/g, '-')}.html`);
  writeFileSync(file, `${front}\n${content.html}\n`);
}

function setUpHexo(dir: string): void {
  const root = path.join(dir, 'hexo');
  mkdirSync(path.join(root, 'source/_posts'), { recursive: true });
  symlinkSync(path.join(repo, 'node_modules'), path.join(root, 'node_modules'));
  const plugins = [
    'hexo',
    'hexo-generator-archive',
    'hexo-generator-category',
    'hexo-generator-index',
    'hexo-generator-tag',
  ].concat(['hexo-renderer-ejs', 'hexo-renderer-marked', 'hexo-renderer-stylus', 'hexo-theme-landscape']);
  const dependencies = Object.fromEntries(plugins.map((name) => [name, '*']));
  writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify({ name: 'bench', private: true, hexo: { version: '8.1.2' }, dependencies }),
  );
  writeFileSync(
    path.join(root, '_config.yml'),
    // Post pages as files, as newsmill and (uglyURLs) Hugo write them here.
    'title: bench\nurl: https://bench.example.cn\ntheme: landscape\nper_page: 20\nlanguage: zh-CN\ntimezone: Asia/Shanghai\npermalink: :year/:month/:day/:title.html\n',
  );
}

function setUpHugo(dir: string): void {
  const root = path.join(dir, 'hugo');
  mkdirSync(path.join(root, 'content/posts'), { recursive: true });
  mkdirSync(path.join(root, 'layouts/_default'), { recursive: true });
  writeFileSync(
    path.join(root, 'config.toml'),
    // uglyURLs: posts and numbered list pages as files (posts/x.html, page/2.html), as newsmill writes them.
    'baseURL = "https://bench.example.cn/"\ntitle = "bench"\nlanguageCode = "zh-CN"\npaginate = 20\nuglyURLs = true\ntimeZone = "Asia/Shanghai"\n[taxonomies]\ncategory = "categories"\n',
  );
  const item = `<li><img src="{{ index .Params.images 0 }}" loading="lazy" referrerpolicy="no-referrer" alt=""><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02 15:04" }}</time> {{ range .Params.categories }}<a href="{{ "categories/" | relURL }}{{ . | urlize }}/">{{ . }}</a> {{ end }}<p>{{ .Summary | plainify | truncate 140 }}</p></li>`;
  const layouts: Record<string, string> = {
    'baseof.html':
      '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>',
    'list.html': `{{ define "main" }}<h1>{{ .Title }}</h1><ol>{{ range .Paginator.Pages }}${item}{{ end }}</ol>{{ template "_internal/pagination.html" . }}{{ end }}`,
    'single.html':
      '{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "2006-01-02 15:04" }}</time> {{ range .Params.categories }}{{ . }} {{ end }}<img src="{{ index .Params.images 0 }}" alt="">{{ .Content }}</article>{{ end }}',
  };
  for (const [name, text] of Object.entries(layouts))
    writeFileSync(path.join(root, 'layouts/_default', name), text);
  writeFileSync(
    path.join(root, 'layouts/index.html'),
    `{{ define "main" }}<ol>{{ range (.Paginate (where .Site.RegularPages "Type" "posts")).Pages }}${item}{{ end }}</ol>{{ template "_internal/pagination.html" . }}{{ end }}`,
  );
}

interface Run {
  wallS: number;
  cpuS: number;
  rssMb: number;
}

/** Runs a command under /usr/bin/time and returns wall time, user+system CPU and peak RSS. */
function timed(command: string, args: string[], cwd: string): Run {
  const result = spawnSync('/usr/bin/time', ['-f', 'BENCH %e %U %S %M', command, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=8192' },
  });
  const line = /BENCH ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(result.stderr);
  if (result.status !== 0 || !line)
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr.slice(-2000)}`);
  const [, wall, user, system, rss] = line.map(Number) as [number, number, number, number, number];
  return { wallS: wall, cpuS: user + system, rssMb: rss / 1024 };
}

interface Contender {
  name: string;
  run: () => Run;
  /** What a cold build must not find: moved aside (never deleted: see `moveAside`). */
  outputs: string[];
}

function contenders(fixture: Fixture, hexo: boolean): Contender[] {
  // The command a user runs: the CLI, start-up and config loading included.
  const cli = [
    path.join(repo, 'bin/newsmill.js'),
    'build',
    '--config',
    path.join(fixture.dir, 'newsmill.yaml'),
  ];
  const list: Contender[] = [
    {
      name: 'newsmill build',
      run: () => timed(process.execPath, cli, fixture.dir),
      outputs: [path.join(fixture.dir, 'public')],
    },
    ...(process.env.SITE_BENCH_NO_HUGO
      ? []
      : [
          {
            name: 'hugo 0.111',
            run: () => timed('hugo', ['--quiet'], path.join(fixture.dir, 'hugo')),
            outputs: [path.join(fixture.dir, 'hugo/public'), path.join(fixture.dir, 'hugo/resources')],
          },
        ]),
  ];
  if (hexo)
    list.push({
      name: 'hexo 8 generate',
      run: () =>
        timed(
          process.execPath,
          [path.join(repo, 'node_modules/hexo/bin/hexo'), 'generate'],
          path.join(fixture.dir, 'hexo'),
        ),
      outputs: [path.join(fixture.dir, 'hexo/public'), path.join(fixture.dir, 'hexo/db.json')],
    });
  return list;
}

let asideCounter = 0;

/**
 * Moves earlier output out of the way of a cold build. Renaming, not deleting: on this VM's ext4
 * (no journal), creating inodes for minutes after a mass delete costs several times more kernel
 * time, which would penalize whichever tool runs next. The fixture is deleted at the end.
 */
function moveAside(fixture: Fixture, outputs: readonly string[]): void {
  const aside = path.join(fixture.dir, 'aside');
  mkdirSync(aside, { recursive: true });
  for (const output of outputs)
    if (existsSync(output))
      renameSync(output, path.join(aside, `${asideCounter++}-${path.basename(output)}`));
}

// Runs are repeated (up to three) while they stay cheap, and the median run is reported: a single
// run on a shared 2-core VM varies by ±10 %.
const REPEAT_BUDGET_S = 20;

/** Stores one new item (the newest of all) and writes it for Hexo and Hugo too. */
async function addNewItem(fixture: Fixture, size: number, index: number): Promise<void> {
  const { item } = makeItem(size + 1 + index, random(size + 1 + index));
  const identity = `id:bench-new-${index}`;
  const day = new Date(Date.UTC(2024, 0, 2 + index)).toISOString();
  const newest = { ...item, id: `bench-new-${index}`, published: day };
  const [saved] = await fixture.store.saveItems(sourceOf(index).key, [{ identity, item: newest }], day);
  if (saved) await writeOtherGenerators(fixture, saved.item);
}

function median(runs: readonly Run[]): Run {
  return [...runs].sort((a, b) => a.wallS - b.wallS)[Math.floor((runs.length - 1) / 2)] as Run;
}

function coldRuns(fixture: Fixture, contender: Contender): Run {
  const runs: Run[] = [];
  let spent = 0;
  while (runs.length < 3 && (runs.length === 0 || spent < REPEAT_BUDGET_S)) {
    moveAside(fixture, contender.outputs);
    const run = contender.run();
    runs.push(run);
    spent += run.wallS;
  }
  return median(runs);
}

function format(run: Run, base: Run): string {
  return `${run.wallS.toFixed(2)} s / ${run.cpuS.toFixed(2)} s CPU / ${run.rssMb.toFixed(0)} MB (${(run.wallS / base.wallS).toFixed(1)}×)`;
}

/** Builds newsmill, then measures each size; sizes and the Hexo limit come from the environment. */
export default async function siteBenchmark(): Promise<void> {
  execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'inherit' });
  const sizes = (process.env.SITE_BENCH_SIZES ?? '1000,5000,20000').split(',').map(Number);
  const hexoMax = Number(process.env.SITE_BENCH_HEXO_MAX ?? 5000);
  const rows: string[] = [];
  const fixtures: string[] = [];
  for (const size of sizes) {
    const started = Date.now();
    const fixture = await createFixture(size);
    console.log(
      `\nsite: ${size} items (fixture ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${fixture.dir})`,
    );
    const runs = contenders(fixture, size <= hexoMax);
    // One tool at a time, cold then one new item per round, so no tool's rebuild follows another
    // tool's multi-gigabyte run (the VM stays slow for a while after one). Each round adds an item,
    // so a later tool builds a few items more (up to six).
    const cold: Array<readonly [string, Run]> = [];
    const incremental: Array<readonly [string, Run]> = [];
    let added = 0;
    for (const contender of runs) {
      cold.push([contender.name, coldRuns(fixture, contender)]);
      const done: Run[] = [];
      while (
        done.length < 3 &&
        (done.length === 0 || done.reduce((sum, run) => sum + run.wallS, 0) < REPEAT_BUDGET_S)
      ) {
        await addNewItem(fixture, size, added++);
        done.push(contender.run());
      }
      incremental.push([contender.name, median(done)]);
    }
    await fixture.store.close();
    for (const [label, results] of [
      ['cold', cold],
      ['+1 item', incremental],
    ] as const) {
      const base = results[0]?.[1];
      if (!base) continue;
      for (const [name, run] of results) {
        console.log(`  ${label.padEnd(8)} ${name.padEnd(16)} ${format(run, base)}`);
        rows.push(
          `| ${size.toLocaleString('en-US')} | ${label} | ${name} | ${run.wallS.toFixed(2)} s | ${run.cpuS.toFixed(2)} s | ${run.rssMb.toFixed(0)} MB | ${(run.wallS / base.wallS).toFixed(1)}× |`,
        );
      }
    }
    fixtures.push(fixture.dir);
  }
  // Deleted only at the end: file creation stays slow for minutes after a mass delete on this VM,
  // which would slow the first tool of the next size.
  if (!process.env.SITE_BENCH_KEEP) for (const dir of fixtures) rmSync(dir, { recursive: true, force: true });
  console.log(
    '\n| items | build | tool | wall | CPU | peak RSS | wall ÷ newsmill |\n| --- | --- | --- | --- | --- | --- | --- |',
  );
  console.log(rows.join('\n'));
}
