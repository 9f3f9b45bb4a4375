/**
 * Site build benchmark: `newsmill build` (the CLI) against real `hexo generate` (Hexo 8 + landscape,
 * on posts written by newsmill's own Hexo writer) and Debian's `hugo`, on the same synthetic
 * content: cold, after one new item, and again with nothing new (a scheduled run that fetched
 * nothing; newsmill finds its site up to date). Every contender runs as a child process under
 * `/usr/bin/time`, which reports wall time, CPU time and peak RSS; cheap runs are repeated and the
 * median is reported.
 *
 *   npm run bench -- site
 *   SITE_BENCH_SIZES=1000,5000,20000 SITE_BENCH_HEXO_MAX=5000 npm run bench -- site
 *   SITE_BENCH_KEEP=1 keeps the fixture folders; SITE_BENCH_NO_HUGO=1 leaves Hugo out;
 *   SITE_BENCH_CLEANED=1 stores every article cleaned, as ingest does, so that builds clean none.
 *   SITE_BENCH_BODIES=articles builds the posts from the demo's real articles in the ancestor's
 *   style (site-article-bodies.ts, 2–6 KB each) instead of synthetic paragraphs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config/load-config.js';
import type { Config } from '../src/config/resolve-config.js';
import { storedCleaningKey } from '../src/content/cleaning-key.js';
import { processItemContent } from '../src/content/process-content.js';
import { readSecret } from '../src/io/secret-file.js';
import type { FeedItem } from '../src/core/model.js';
import { createHexoWriter, type HexoWriter } from '../src/posts/hexo-writer.js';
import { cleaningKeyFor, contentOptionsFor } from '../src/site/post-content.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { Store, StoredItem } from '../src/store/store.js';
import { storeFileOf } from '../src/test-support/store-file.js';
import { articleBody, demoArticleBodies } from './site-article-bodies.js';
import { setUpHexo, setUpHugo } from './site-peer-setup.js';
import { PAGE_WEIGHT_HEADER, pageWeightRows } from './site-page-weight.js';
import { alternate, conditionsNote, formatSpread, ratiosOf, roundsFor, spreadOf } from './protocol.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ARTICLES = process.env.SITE_BENCH_BODIES === 'articles' ? demoArticleBodies(repo) : null;
const BODIES = ARTICLES ? 'real articles, 2–6 KB' : 'synthetic paragraphs';
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
    content: ARTICLES
      ? articleBody(n, next, ARTICLES)
      : `<p>${paragraphs[0]}</p>${image}${paragraphs
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

export interface Fixture {
  dir: string;
  config: Config;
  store: Store;
  hexo: HexoWriter;
}

export async function createFixture(count: number): Promise<Fixture> {
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
  setUpHexo(dir, repo);
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
    // Sealed with the secret beside the store, as ingest seals them (`storedCleaningKey`).
    const secret = readSecret(fixture.config.seal, true);
    const cleaning = { ...content, from: item.changedAt };
    const sealed = { ...cleaning, sourceKey: item.sourceKey, identity: item.identity };
    const key = storedCleaningKey(cleaningKeyFor(fixture.config, item.sourceKey), secret, sealed);
    await fixture.store.saveCleanedContent(item.sourceKey, [{ identity: item.identity, ...cleaning, key }]);
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

export interface Run {
  wallS: number;
  cpuS: number;
  rssMb: number;
}

/** Runs a command under /usr/bin/time and returns wall time, user+system CPU and peak RSS. */
export function timed(command: string, args: string[], cwd: string): Run {
  // The previous run's hundreds of megabytes of dirty pages are written back first, outside the
  // timing: left to the kernel, their writeback ran into the next build (cold builds at 20,000
  // read 5.59, 6.75 and 7.94 s in one series, each after the last, and the one-new-item builds
  // that followed them 0.59, 0.54 and 0.48 s).
  execFileSync('sync');
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
  /** What a cold build must not find, the site folder first: moved aside (never deleted: see `moveAside`). */
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

/** Stores one new item (the newest of all) and writes it for Hexo and Hugo too. */
async function addNewItem(fixture: Fixture, size: number, index: number): Promise<void> {
  const { item } = makeItem(size + 1 + index, random(size + 1 + index));
  const identity = `id:bench-new-${index}`;
  const day = new Date(Date.UTC(2024, 0, 2 + index)).toISOString();
  const newest = { ...item, id: `bench-new-${index}`, published: day };
  const [saved] = await fixture.store.saveItems(sourceOf(index).key, [{ identity, item: newest }], day);
  if (saved) await writeOtherGenerators(fixture, saved.item);
}

/** Bytes of every file under `dir`: what a build leaves on disk. */
function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).size;
  return total;
}

/** One row per contender: wall, CPU and peak RSS (median with spread) and the per-round ratio. */
function rowsOf(
  size: number,
  label: string,
  names: readonly string[],
  runs: readonly Run[][],
  bytesPerPost: ReadonlyMap<string, number>,
): string[] {
  const base = (runs[0] ?? []).map((run) => run.wallS);
  return names.map((name, index) => {
    const own = runs[index] ?? [];
    const of = (pick: (run: Run) => number) => spreadOf(own.map(pick));
    const perPost = label === 'cold' ? `${((bytesPerPost.get(name) ?? NaN) / 1024).toFixed(1)} KB` : '';
    const ratio = formatSpread(
      ratiosOf(
        own.map((run) => run.wallS),
        base,
      ),
      1,
    );
    return `| ${size.toLocaleString('en-US')} | ${label} | ${name} | ${formatSpread(
      of((run) => run.wallS),
      2,
      's',
    )} | ${of((run) => run.cpuS).median.toFixed(2)} s | ${of((run) => run.rssMb).median.toFixed(0)} MB | ${perPost} | ${ratio}× |`;
  });
}

/** Builds newsmill, then measures each size; sizes and the Hexo limit come from the environment. */
export default async function siteBenchmark(): Promise<void> {
  execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'inherit' });
  const sizes = (process.env.SITE_BENCH_SIZES ?? '1000,5000,20000').split(',').map(Number);
  const hexoMax = Number(process.env.SITE_BENCH_HEXO_MAX ?? 5000);
  const rounds = roundsFor(3);
  const rows: string[] = [];
  const weights: string[] = [];
  const fixtures: string[] = [];
  for (const size of sizes) {
    const started = Date.now();
    const fixture = await createFixture(size);
    console.log(
      `\nsite: ${size} items, ${BODIES} (fixture ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${fixture.dir})`,
    );
    const tools = contenders(fixture, size <= hexoMax);
    const names = tools.map((tool) => tool.name);
    // The tools alternate, the order rotated each round, so that each follows every other tool's
    // multi-gigabyte cold build equally often (the VM stays slow for a while after one).
    const bytesPerPost = new Map<string, number>();
    const cold = await alternate(
      tools.map((tool) => ({
        name: tool.name,
        run: () => {
          moveAside(fixture, tool.outputs);
          const run = tool.run();
          const site = tool.outputs[0];
          if (site && existsSync(site)) bytesPerPost.set(tool.name, bytesUnder(site) / size);
          return run;
        },
      })),
      rounds,
      {
        onRun: (name, round, run) =>
          console.error(`  cold, round ${round + 1}: ${name} ${run.wallS.toFixed(2)} s`),
      },
    );
    // Each round stores one new item, then every tool builds it: each build finds exactly one.
    let added = 0;
    const incremental = await alternate(
      tools.map((tool) => ({ name: tool.name, run: () => tool.run() })),
      rounds,
      {
        beforeRound: () => addNewItem(fixture, size, added++),
        onRun: (name, round, run) =>
          console.error(`  +1 item, round ${round + 1}: ${name} ${run.wallS.toFixed(2)} s`),
      },
    );
    // A run that fetched nothing new: every tool builds the same content again.
    const unchanged = await alternate(
      tools.map((tool) => ({ name: tool.name, run: () => tool.run() })),
      rounds,
      {
        onRun: (name, round, run) =>
          console.error(`  unchanged, round ${round + 1}: ${name} ${run.wallS.toFixed(2)} s`),
      },
    );
    await fixture.store.close();
    weights.push(...pageWeightRows(path.join(fixture.dir, 'public'), size));
    rows.push(
      ...rowsOf(size, 'cold', names, cold, bytesPerPost),
      ...rowsOf(size, '+1 item', names, incremental, bytesPerPost),
      ...rowsOf(size, 'unchanged', names, unchanged, bytesPerPost),
    );
    fixtures.push(fixture.dir);
  }
  // Deleted only at the end: file creation stays slow for minutes after a mass delete on this VM,
  // which would slow the first tool of the next size.
  if (!process.env.SITE_BENCH_KEEP) for (const dir of fixtures) rmSync(dir, { recursive: true, force: true });
  console.log(
    `\nsite${conditionsNote()}: posts of ${BODIES}; ${rounds} alternating rounds; wall as median (lowest–highest), CPU and peak RSS as medians, wall ÷ newsmill as the median (lowest–highest) of per-round ratios`,
  );
  console.log(
    '\n| items | build | tool | wall | CPU | peak RSS | site per post | wall ÷ newsmill |\n| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  console.log(rows.join('\n'));
  console.log(`\npage weight, before compression (issue #23's budgets)${PAGE_WEIGHT_HEADER}`);
  console.log(weights.join('\n'));
}
