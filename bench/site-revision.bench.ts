/**
 * One new item at a time on a kept site, newsmill at a git revision against this working tree: the
 * measurement behind each step of the site builder's one-new-item work in RESULTS.md. Each side
 * builds its own copy of one synthetic fixture (site.bench.ts), the two take turns, and every round
 * adds one item (the newest) to each copy through the store, then runs the side's CLI build.
 *
 *   SITE_REVISION=6cd22ba BENCH_ROUNDS=8 npm run bench -- site-revision
 *   SITE_REVISION_SIZE=20000 sets the fixture's posts (default 20,000).
 *
 * The revision is built in a temp folder from `git archive` with this checkout's node_modules; both
 * sides' stores are written by this tree's store code, so the revision must read its schema.
 */
import { execFileSync, execSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeedItem } from '../src/core/model.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { storeFileOf } from '../src/test-support/store-file.js';
import { loadConfig } from '../src/config/load-config.js';
import {
  alternate,
  checkConditionsFromEnv,
  conditionsNote,
  formatSpread,
  ratiosOf,
  roundsFor,
  spreadOf,
} from './protocol.js';
import { createFixture, timed, type Run } from './site.bench.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Builds newsmill at `revision` into a temp folder; returns the folder. */
function buildRevision(revision: string, into: string): string {
  const tree = path.join(into, 'tree');
  execSync(`mkdir -p "${tree}" && git archive "${revision}" | tar -x -C "${tree}"`, { cwd: repo });
  symlinkSync(path.join(repo, 'node_modules'), path.join(tree, 'node_modules'));
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: tree, stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/bundle-cli.mjs'], { cwd: tree, stdio: 'inherit' });
  return tree;
}

/** Stores one new item, the newest of all, in the fixture at `dir`. */
async function addItem(dir: string, round: number): Promise<void> {
  const config = loadConfig(path.join(dir, 'newsmill.yaml'), {});
  const store = openSqliteStore(storeFileOf(config));
  const published = new Date(Date.UTC(2024, 0, 2 + round)).toISOString();
  const item: FeedItem = {
    id: `revision-new-${round}`,
    title: `新的一条 ${round}`,
    link: `https://news.example.cn/revision/${round}`,
    published,
    updated: null,
    author: null,
    summary: null,
    content: `<p>国家统计局今天发布数据显示，前三季度国内生产总值同比增长。</p><p><img src="http://img1.example.cn/r${round}.jpg"></p>`,
    categories: [],
    enclosures: [],
    image: null,
    baseUrl: null,
  };
  const source = config.sources[round % config.sources.length]?.key ?? '';
  await store.saveItems(source, [{ identity: `id:revision-new-${round}`, item }], published);
  await store.close();
}

export default async function siteRevisionBenchmark(): Promise<void> {
  const revision = process.env.SITE_REVISION;
  if (!revision) throw new Error('set SITE_REVISION to the git revision to compare with');
  const size = Number(process.env.SITE_REVISION_SIZE ?? 20_000);
  const rounds = roundsFor(8);
  const work = mkdtempSync(path.join(tmpdir(), 'newsmill-site-revision-'));
  try {
    execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'inherit' });
    const tree = buildRevision(revision, work);
    const fixture = await createFixture(size);
    await fixture.store.close();
    // Only newsmill builds here: the peers' copies of the posts are not needed.
    for (const peer of ['hexo', 'hugo'])
      rmSync(path.join(fixture.dir, peer), { recursive: true, force: true });
    const sides = [
      { name: `newsmill ${revision}`, tree, dir: path.join(work, 'revision') },
      { name: 'newsmill (this tree)', tree: repo, dir: path.join(work, 'current') },
    ];
    const build = (side: (typeof sides)[number]): Run =>
      timed(
        process.execPath,
        [path.join(side.tree, 'bin/newsmill.js'), 'build', '--config', path.join(side.dir, 'newsmill.yaml')],
        side.dir,
      );
    for (const side of sides) {
      cpSync(fixture.dir, side.dir, { recursive: true });
      build(side); // the cold build the kept site starts from
    }
    rmSync(fixture.dir, { recursive: true, force: true });
    // Deleting the fixture and the peers' copies leaves the file system busy for minutes.
    const conditions = await checkConditionsFromEnv(repo);
    console.error(`  before the rounds: ${conditions.label}`);
    const runs = await alternate(
      sides.map((side) => ({
        name: side.name,
        run: async (round: number) => {
          await addItem(side.dir, round);
          return build(side);
        },
      })),
      rounds,
      {
        onRun: (name, round, run) => console.error(`  round ${round + 1}: ${name} ${run.wallS.toFixed(2)} s`),
      },
    );
    const [before = [], after = []] = runs;
    console.log(
      `\nsite-revision${conditionsNote()}: one new item at ${size.toLocaleString('en-US')} posts, ${rounds} alternating rounds; median (lowest–highest)\n`,
    );
    console.log('| build | wall | CPU | peak RSS |\n| --- | --- | --- | --- |');
    sides.forEach((side, index) => {
      const own = runs[index] ?? [];
      const of = (pick: (run: Run) => number) => spreadOf(own.map(pick)).median;
      console.log(
        `| ${side.name} | ${formatSpread(spreadOf(own.map((run) => run.wallS)), 2, 's')} | ${of((run) => run.cpuS).toFixed(2)} s | ${of((run) => run.rssMb).toFixed(0)} MB |`,
      );
    });
    const ratio = ratiosOf(
      after.map((run) => run.wallS),
      before.map((run) => run.wallS),
    );
    console.log(`\nthis tree ÷ ${revision}, wall: ${formatSpread(ratio, 2)}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
