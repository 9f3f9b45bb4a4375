import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import type { Config } from '../config/resolve-config.js';
import { OutputError } from '../core/errors.js';
import { identityDigest } from '../core/item-identity.js';
import type { FeedItem } from '../core/model.js';
import { openPostgresStore } from '../store/pg-store.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { listFiles } from '../test-support/demo-site.js';
import { hasTestPostgres, useTestPostgres, type TestPostgres } from '../test-support/test-postgres.js';
import { buildSite } from './build-site.js';
import { JOURNAL_MARKER } from './build-journal.js';
import { MANIFEST_FILE } from './site-manifest.js';
import { withSiteOutput } from '../test-support/demo-build.js';

/**
 * Incremental builds against clean ones: random sequences of what runs do to a store between builds
 * (new items above and below the newest, undated items, edits, removals, copies of one story in
 * other sources, a source's categories changed, sources dropped from and restored to the config,
 * pagination, de-duplication and the time zone switched, a build that failed halfway), each followed
 * by an incremental build of one site and a clean build into an empty folder. The two trees must be byte for byte the same, but
 * for the build's own records. Every skipped file, kept segment and carried key is checked this way
 * against a build that trusts nothing. Where the tests have PostgreSQL, each change is made to a
 * PostgreSQL store too, and a site built incrementally from it must be the same tree again.
 * NEWSMILL_DIFF_SEEDS=<n> runs n sequences instead of eight.
 */

let dir: string | null = null;
const stores: Store[] = [];
let postgres: TestPostgres | null = null;
async function cleanUp(): Promise<void> {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
}
afterEach(async () => {
  await cleanUp();
  await postgres?.drop();
  postgres = null;
});

/** A small deterministic PRNG (mulberry32), so that a failing seed can be replayed. */
function createRandom(seed: number): {
  next(): number;
  int(n: number): number;
  pick<T>(list: readonly T[]): T;
} {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, pick: (list) => list[int(list.length)] as (typeof list)[number] };
}

interface SourceState {
  key: string;
  categories: [string, string, string];
  inConfig: boolean;
}

interface World {
  sources: SourceState[];
  perPage: number;
  dedupe: 'link' | 'off';
  timezone: string;
  /** What a post without a picture shows: the generated placeholder, or `cover.fallback`'s URL. */
  missingCover: 'placeholder' | 'fallback';
}

const CATEGORY_CHOICES: ReadonlyArray<[string, string, string]> = [
  ['科技', '甲', '资讯'],
  ['科技', '乙', '最新'],
  ['财经', '丙', '资讯'],
  ['财经', '甲', 'source'],
  ['图片', '丁', '资讯'],
  // Names that clean to one folder (C, news) or to one a category folder holds (page): moving a
  // source to one of them renames the folders of another's posts.
  ['科技', 'C++', '资讯'],
  ['科技', 'C#', '资讯'],
  ['财经', 'news', 'page'],
  ['财经', 'News', '资讯'],
];

function writeConfig(root: string, world: World): Config {
  const sources = world.sources
    .filter((source) => source.inConfig)
    .map(
      (source) =>
        `  - { url: "${source.key}", categories: [${source.categories.map((name) => JSON.stringify(name)).join(', ')}] }`,
    );
  const file = path.join(root, 'newsmill.yaml');
  writeFileSync(
    file,
    [
      `site: { title: 差分, url: "https://diff.example.cn/", perPage: ${world.perPage}, missingCover: ${world.missingCover} }`,
      'output: { site: site }',
      `timezone: ${world.timezone}`,
      `dedupe: { site: ${world.dedupe} }`,
      'sources:',
      ...sources,
      '',
    ].join('\n'),
  );
  return loadConfig(file, {});
}

/** Every file of a built site but the build's own records (manifest, post segments), by path. */
function siteFiles(root: string): Map<string, string> {
  const files = listFiles(root).filter((file) => !file.startsWith('.newsmill'));
  return new Map(files.map((file) => [file, readFileSync(path.join(root, file), 'latin1')]));
}

function differences(expected: Map<string, string>, actual: Map<string, string>): string[] {
  const paths = new Set([...expected.keys(), ...actual.keys()]);
  return [...paths]
    .filter((file) => expected.get(file) !== actual.get(file))
    .map((file) => `${file}: ${!expected.has(file) ? 'extra' : !actual.has(file) ? 'missing' : 'differs'}`)
    .sort();
}

/** The top categories every page shows, from the built home page. */
function navigationOf(site: string): string {
  const home = existsSync(path.join(site, 'index.html'))
    ? readFileSync(path.join(site, 'index.html'), 'utf8')
    : '';
  return home.slice(home.indexOf('<nav class="site-nav"'), home.indexOf('</nav>'));
}

/** A paragraph with a picture of its own, which makes it the post's cover. */
const picture = (name: string): string => `<p><img src="https://img.example.cn/${name}.jpg"></p>`;

const LINK_VARIANTS = [
  (link: string) => link,
  (link: string) => link.replace('https://', 'http://'),
  (link: string) => link.replace('://', '://www.'),
  (link: string) => `${link}/`,
  (link: string) => `${link}?utm_source=rss`,
];

/**
 * One sequence of store changes, each step followed by both builds; fails naming the seed, the
 * steps so far and the files that differ. `history` older items first make the post records span
 * several segments (one ends after a digest that is 0 modulo 512), so that kept and rewritten
 * segments are checked too.
 */
async function runSequence(seed: number, steps: number, history: number): Promise<void> {
  const random = createRandom(seed);
  dir = mkdtempSync(path.join(tmpdir(), 'newsmill-diff-'));
  const root = dir;
  const world: World = {
    sources: ['feeds/a.xml', 'feeds/b.xml', 'feeds/c.xml', 'feeds/d.xml'].map((key, index) => ({
      key,
      categories: CATEGORY_CHOICES[index] as [string, string, string],
      inConfig: true,
    })),
    perPage: 3,
    dedupe: 'link',
    timezone: 'Asia/Shanghai',
    missingCover: seed % 2 === 0 ? 'placeholder' : 'fallback',
  };
  let config = writeConfig(root, world);
  // Whether the step changed the config, after which a build renders every file again.
  let configChanged = false;
  const reconfigure = (): void => {
    config = writeConfig(root, world);
    configChanged = true;
  };
  // Changes go to every store alike; the picks among stored items are read from the first.
  const open = openSqliteStore(path.join(root, 'store.db'));
  stores.push(open);
  if (postgres) stores.push(await openPostgresStore({ url: postgres.url, schema: `diff_${seed}` }));
  const each = async (change: (store: Store) => Promise<unknown>): Promise<void> => {
    for (const store of stores) await change(store);
  };
  for (const source of world.sources)
    await each((store) =>
      store.registerSource({ key: source.key, location: source.key, categories: source.categories }),
    );

  let clock = Date.UTC(2024, 4, 1);
  // Digests of the posts the step's changes added, whose pages its build writes if it shows them.
  const added: string[] = [];
  let counter = 0;
  const links: string[] = [];
  const log: string[] = [];
  const newest = (): number => Date.UTC(2024, 3, 1) + counter * 3_600_000;
  // Half the items have a picture of their own, which is their cover.
  const item = (id: string, title: string, link: string, published: string | null): FeedItem => ({
    id,
    title,
    link,
    published,
    updated: null,
    author: null,
    summary: null,
    content: `<p>${title}：第 ${id} 条的正文。</p>${random.next() < 0.5 ? picture(id) : ''}`,
    categories: [],
    enclosures: [],
    image: null,
    baseUrl: null,
  });

  const operations: Array<[weight: number, run: () => Promise<string>]> = [
    [
      6,
      async () => {
        const source = random.pick(world.sources);
        const count = 1 + random.int(3);
        const saved: Array<{ identity: string; item: FeedItem }> = [];
        for (let index = 0; index < count; index++) {
          counter++;
          const roll = random.next();
          // Mostly the newest; else any day since the start of 2023, among the older history too.
          const published =
            roll < 0.65
              ? new Date(newest()).toISOString()
              : roll < 0.9
                ? new Date(Date.UTC(2023, 0, 1) + random.int(455) * 86_400_000).toISOString()
                : null;
          const copy = links.length > 0 && random.next() < 0.15;
          const link = copy
            ? random.pick(LINK_VARIANTS)(random.pick(links))
            : `https://news.example.cn/a/${counter}`;
          if (!copy) links.push(link);
          saved.push({
            identity: `id:${counter}`,
            item: item(String(counter), `新闻 ${counter}`, link, published),
          });
        }
        await each((store) => store.saveItems(source.key, saved, new Date(clock).toISOString()));
        added.push(...saved.map(({ identity }) => identityDigest(source.key, identity, 12)));
        return `add ${saved.map((entry) => `${entry.identity}@${entry.item.published ?? 'undated'}`).join(' ')} to ${source.key}`;
      },
    ],
    [
      3,
      async () => {
        const source = random.pick(world.sources);
        const items = await open.listItems(source.key);
        const stored = items.length > 0 ? random.pick(items) : null;
        if (!stored) return 'edit: nothing stored';
        const kinds = ['title', 'content', 'date', 'picture', 'link', 'updated'] as const;
        const kind = random.pick(kinds);
        const content = stored.content ?? '';
        const edited: FeedItem =
          kind === 'title'
            ? { ...stored, title: `${stored.title ?? ''} 改` }
            : kind === 'content'
              ? { ...stored, content: `${content}<p>补充。</p>` }
              : kind === 'date'
                ? {
                    ...stored,
                    published: new Date(Date.UTC(2023, 0, 1) + random.int(455) * 86_400_000).toISOString(),
                  }
                : kind === 'picture'
                  ? {
                      ...stored,
                      content: content.includes('<img')
                        ? content.replace(
                            /<p><img [^>]*><\/p>/,
                            random.next() < 0.5 ? '' : picture(`${counter}-new`),
                          )
                        : `${content}${picture(`${counter}-new`)}`,
                    }
                  : kind === 'link'
                    ? {
                        ...stored,
                        link:
                          links.length > 0 && random.next() < 0.5
                            ? random.pick(LINK_VARIANTS)(random.pick(links))
                            : `${stored.link ?? 'https://news.example.cn/a/x'}-moved`,
                      }
                    : { ...stored, updated: new Date(clock).toISOString() };
        await each((store) =>
          store.saveItems(
            source.key,
            [{ identity: stored.identity, item: edited }],
            new Date(clock).toISOString(),
          ),
        );
        return `edit ${stored.identity} of ${source.key} (${kind})`;
      },
    ],
    [
      2,
      async () => {
        const source = random.pick(world.sources);
        const items = await open.listItems(source.key);
        // Up to three, from anywhere in the source's history.
        const removed = [
          ...new Set(Array.from({ length: 1 + random.int(3) }, () => random.int(items.length))),
        ]
          .map((index) => items[index])
          .filter((entry) => entry !== undefined);
        const refs = removed.map((entry) => ({ sourceKey: source.key, identity: entry.identity }));
        await each((store) => store.removeExpiredItems(refs, new Date(clock).toISOString()));
        return `remove ${removed.map((entry) => entry.identity).join(' ') || 'nothing'} from ${source.key}`;
      },
    ],
    [
      1,
      async () => {
        const source = random.pick(world.sources);
        source.categories = random.pick(CATEGORY_CHOICES);
        await each((store) =>
          store.registerSource({ key: source.key, location: source.key, categories: source.categories }),
        );
        reconfigure();
        return `categories of ${source.key} → ${source.categories.join('/')}`;
      },
    ],
    [
      1,
      async () => {
        const source = random.pick(world.sources);
        source.inConfig = !source.inConfig;
        if (world.sources.every((other) => !other.inConfig)) source.inConfig = true;
        reconfigure();
        return `${source.key} ${source.inConfig ? 'in' : 'out of'} the config`;
      },
    ],
    [
      1,
      async () => {
        const roll = random.int(3);
        if (roll === 0) world.perPage = world.perPage === 3 ? 2 : 3;
        else if (roll === 1) world.dedupe = world.dedupe === 'link' ? 'off' : 'link';
        else world.timezone = world.timezone === 'UTC' ? 'Asia/Shanghai' : 'UTC';
        reconfigure();
        return `perPage ${world.perPage}, dedupe ${world.dedupe}, timezone ${world.timezone}`;
      },
    ],
  ];
  const total = operations.reduce((sum, [weight]) => sum + weight, 0);
  const pickOperation = (): (() => Promise<string>) => {
    let roll = random.int(total);
    for (const [weight, run] of operations) {
      if (roll < weight) return run;
      roll -= weight;
    }
    throw new RangeError('no operation');
  };

  if (history > 0) {
    const old = Array.from({ length: history }, (_, index) => ({
      identity: `id:old-${index}`,
      item: item(
        `old-${index}`,
        `旧闻 ${index}`,
        `https://news.example.cn/old/${index}`,
        new Date(Date.UTC(2023, 0, 1) + index * 3_600_000).toISOString(),
      ),
    }));
    await each((store) => store.saveItems('feeds/a.xml', old, new Date(clock).toISOString()));
    log.push(`history of ${history} items in feeds/a.xml`);
  }
  const site = path.join(root, 'site');
  for (let step = 0; step < steps; step++) {
    const count = step === 0 ? 3 : 1 + random.int(2);
    added.length = 0;
    configChanged = false;
    for (let index = 0; index < count; index++)
      log.push(await (step === 0 ? operations[0]![1] : pickOperation())());
    clock += 3_600_000;
    const failing = step > 0 && random.next() < 0.25;
    const atRecord = random.next() < 0.5 || added.length === 0;
    if (failing) log.push(await failedBuild(site, config, open, atRecord ? null : (added[0] ?? null)));
    const navBefore = navigationOf(site);
    const summary = await buildSite({ config, store: open });
    // A build that trusts the last one's keys skips what did not change: without this the test
    // would pass if every build quietly rendered everything. Every page shows the top categories,
    // so a step that adds or empties one renders them all, as a config change does.
    if (step > 0 && !configChanged && !failing && navigationOf(site) === navBefore)
      expect(
        summary.skipped,
        `seed ${seed}, step ${step}: nothing skipped\n${log.join('\n')}`,
      ).toBeGreaterThan(0);
    expect(existsSync(path.join(site, JOURNAL_MARKER))).toBe(false);
    const clean = path.join(root, `clean-${step}`);
    await buildSite({ config: withSiteOutput(config, clean), store: open });
    const expected = siteFiles(clean);
    rmSync(clean, { recursive: true, force: true });
    const found = differences(expected, siteFiles(site));
    const fromPostgres = stores[1];
    if (fromPostgres) {
      const postgresSite = path.join(root, 'postgres-site');
      await buildSite({ config: withSiteOutput(config, postgresSite), store: fromPostgres });
      found.push(...differences(expected, siteFiles(postgresSite)).map((file) => `from PostgreSQL: ${file}`));
    }
    if (found.length > 0)
      expect.fail(`seed ${seed}, after step ${step}:\n${log.join('\n')}\n\n${found.join('\n')}`);
  }
}

/**
 * A build that fails halfway: a folder stands where one of the step's new post pages goes (`digest`),
 * so that writing it fails after other files are written (unless the page is not shown); or, with
 * no digest, where the manifest goes, so that the build fails once every file is written, at
 * recording it (the manifest it would replace is kept aside, as an atomic write would leave it).
 * The folder is then removed; the next build must recover from what the failed one left.
 */
async function failedBuild(
  site: string,
  config: Config,
  store: Store,
  digest: string | null,
): Promise<string> {
  const manifest = path.join(site, MANIFEST_FILE);
  const obstacle = digest === null ? manifest : path.join(site, 'posts', `${digest}.html`);
  if (digest === null) renameSync(manifest, `${manifest}.aside`);
  mkdirSync(path.join(obstacle, 'inside'), { recursive: true });
  let outcome = 'succeeded: the page is not shown';
  try {
    await buildSite({ config, store });
  } catch (error) {
    if (!(error instanceof OutputError)) throw error;
    outcome = 'failed';
  }
  rmSync(obstacle, { recursive: true, force: true });
  if (digest === null) renameSync(`${manifest}.aside`, manifest);
  return `a build with a folder at ${path.relative(site, obstacle)} ${outcome}`;
}

describe('incremental site builds', () => {
  // NEWSMILL_DIFF_SEED=<n> replays one sequence; NEWSMILL_DIFF_SEEDS=<n> runs the first n.
  // NEWSMILL_DIFF_HISTORY=<n> starts every sequence from n older items: with 6,000 the sitemap is
  // split into files, the search index into several blocks and the post records into a dozen
  // segments, which CI's sizes never reach.
  const history = Number(process.env.NEWSMILL_DIFF_HISTORY ?? 0);
  const only = Number(process.env.NEWSMILL_DIFF_SEED ?? 0);
  const count = Number(process.env.NEWSMILL_DIFF_SEEDS ?? 8);
  const seeds = only > 0 ? [only] : Array.from({ length: count }, (_, index) => index + 1);
  it(
    `leave the tree a clean build makes, after each of ${seeds.length} random sequences of store changes`,
    async () => {
      if (hasTestPostgres) postgres = await useTestPostgres();
      for (const seed of seeds) {
        if (history > 0) await runSequence(seed, 5, history);
        else await runSequence(seed, seed % 8 === 4 ? 5 : 10, seed % 8 === 4 ? 700 : 0);
        await cleanUp();
      }
    },
    Math.max(240_000, seeds.length * (history > 0 ? 300_000 : 6_000)),
  );
});
