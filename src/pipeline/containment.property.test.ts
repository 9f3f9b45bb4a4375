import { mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import type { Config } from '../config/resolve-config.js';
import { createContainedFolder } from '../io/contained-path.js';
import { createHexoWriter } from '../posts/hexo-writer.js';
import { buildSite } from '../site/build-site.js';
import { createSiteFileWriter } from '../site/site-file-writer.js';
import { MANIFEST_FILE } from '../site/site-manifest.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store, StoredItem } from '../store/store.js';
import { seedItems, testSource } from '../test-support/seeded-store.js';
import { createVictimTree, snapshotTree } from '../test-support/victim-tree.js';
import { applyRetention } from './apply-retention.js';
import { storeFileOf } from '../test-support/store-file.js';

/*
 * Random paths in the places newsmill reads paths from (the store's output records, as an import
 * or a restored cache leaves them; the site manifest; the build journal) must never make it write
 * or delete outside its folders. The sandbox nests the project fourteen folders deep in a temp
 * folder, with sentinel files at every level and a victim tree beside the output folders. No
 * generated path holds more than ten `..` (two more levels through a symlink) or is absolute
 * outside the project: even broken code could not reach a file of this machine. Each run compares
 * every sentinel byte for byte.
 */

const NEST = 14;
// The most `..` in a row an aimed path holds; two more may come before them, eight in a wild one.
const DEPTH = 8;
let top = '';
let project = '';
let victim = '';
let config: Config;
let store: Store;
let items: StoredItem[] = [];
let sentinels: Record<string, string> = {};
// Sentinel files and symlinks, restored before each run so that runs stay independent and a
// failure shrinks to the path that caused it.
const sentinelFiles: Array<[file: string, text: string]> = [];
const links: Array<[target: string, link: string]> = [];
const SOURCE = testSource('feeds/a.xml', ['新媒体', 'ZAKER', 'source']);

// Newsmill's own folders (and the build lock and staging folder beside the site): all else is a sentinel.
const OWN = /^l(\/l)*\/project\/(hexo\/source\/_posts|public|\.public\.|\.newsmill)(\/|$)/;
const isOwn = (relative: string): boolean => OWN.test(relative.split(path.sep).join('/'));

beforeAll(async () => {
  top = realpathSync(mkdtempSync(path.join(tmpdir(), 'newsmill-containment-')));
  let level = top;
  for (let depth = 0; depth <= NEST; depth++) {
    sentinelFiles.push([path.join(level, 'important.txt'), `level ${depth}`]);
    sentinelFiles.push([path.join(level, 'index.html'), `<p>level ${depth}</p>`]);
    level = path.join(level, depth < NEST ? 'l' : 'project');
    mkdirSync(level);
  }
  project = level;
  victim = path.join(project, 'victim');
  // The seeded source is configured: the site leaves out the items of sources the config dropped.
  config = {
    ...parseConfigText(
      'output: { hexo: hexo }\nsite: { perPage: 2 }\n',
      path.join(project, 'newsmill.yaml'),
      {},
    ),
    sources: [SOURCE],
  };
  sentinelFiles.push([path.join(project, 'hexo/_config.yml'), 'title: not newsmill’s\n']);
  sentinelFiles.push([path.join(project, 'hexo/source/about.md'), '# not newsmill’s\n']);
  // Symlinks inside newsmill's folders: out to the victim, up a level, to nowhere.
  for (const folder of ['hexo/source/_posts', 'public']) {
    mkdirSync(path.join(project, folder), { recursive: true });
    links.push([victim, path.join(project, folder, 'linked')]);
    links.push(['..', path.join(project, folder, 'up')]);
    links.push([path.join(project, 'missing'), path.join(project, folder, 'dangling')]);
  }
  resetSandbox();
  store = openSqliteStore(storeFileOf(config));
  items = await seedItems(store, SOURCE, 4);
  await createHexoWriter(config.output.hexo ?? '', store).prepare();
  await buildSite({ config, store });
  sentinels = snapshotTree(top, isOwn);
});
afterAll(async () => {
  await store?.close();
  rmSync(top, { recursive: true, force: true });
});

const SEGMENTS = ['..', '..', '.', '', 'victim', 'important.txt', 'index.html', 'v2.txt', 'a.md', 'deeper'];
SEGMENTS.push('linked', 'up', 'dangling', 'posts', 'search', 'l', 'project', 'hexo', '编程', 'e\u0301');
SEGMENTS.push('\u202e', '..\\..', 'a\\b', 'nul\0x', '...', ' ', 'C:', '~');
const segment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SEGMENTS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 5 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) },
);
const wild = fc.array(segment, { minLength: 1, maxLength: DEPTH });
// Aimed at a sentinel: a few segments, then up to DEPTH `..`, then a sentinel's path from there.
const TARGETS = [['victim', 'important.txt'], ['victim', 'v2.txt'], ['important.txt'], ['index.html']];
TARGETS.push(
  ['linked', 'a.md'],
  ['linked', 'deeper', '.x.md.newsmill-tmp-0123456789ab'],
  ['up', 'index.html'],
);
TARGETS.push(['hexo', '_config.yml'], ['source', 'about.md'], ['victim'], ['dangling', 'x']);
const aimed = fc
  .tuple(fc.array(segment, { maxLength: 2 }), fc.nat({ max: DEPTH }), fc.constantFrom(...TARGETS))
  .map(([start, ups, target]) => [...start, ...Array<string>(ups).fill('..'), ...target]);
const segments = fc.oneof(wild, aimed, aimed);
/** A relative path joined with `/` or `\`, or an absolute one below the project. */
const anyPath = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(segments, fc.constantFrom('/', '\\')).map(([parts, sep]) => parts.join(sep)),
  },
  { weight: 1, arbitrary: wild.map((parts) => `${victim}/${parts.join('/')}`) },
  { weight: 1, arbitrary: segments.map((parts) => `${project}/${parts.join('/')}`) },
);
const somePaths = fc.array(anyPath, { minLength: 1, maxLength: 6 });

function resetSandbox(): void {
  // What a failed run left outside newsmill's folders goes, deepest first (once they are known).
  const known = Object.keys(sentinels).length > 0;
  const extra = known ? Object.keys(snapshotTree(top, isOwn)).filter((entry) => !(entry in sentinels)) : [];
  for (const entry of extra.sort().reverse()) rmSync(path.join(top, entry), { recursive: true, force: true });
  rmSync(victim, { recursive: true, force: true });
  createVictimTree(project);
  for (const [file, text] of sentinelFiles) writeFileSync(file, text);
  for (const [target, link] of links) {
    rmSync(link, { recursive: true, force: true });
    symlinkSync(target, link);
  }
}

/** Runs `work`, which may fail: a path can be unwritable inside newsmill's folders too. */
async function attempt(work: () => Promise<unknown>): Promise<void> {
  await work().catch(() => undefined);
}

function expectSentinelsIntact(): void {
  expect(snapshotTree(top, isOwn)).toEqual(sentinels);
}

describe('paths from stored and imported state', () => {
  it('are checked to be inside the folder, through no symlink that leaves it', () => {
    const folders = ['hexo/source/_posts', 'public'].map((folder) => path.join(project, folder));
    fc.assert(
      fc.property(anyPath, (file) => {
        for (const root of folders) {
          const checked = createContainedFolder(root).check(file);
          if (typeof checked !== 'string') continue;
          expect(checked.startsWith(root + path.sep)).toBe(true);
          // The deepest folder on the way that exists must really be inside the root.
          let dir = path.dirname(checked);
          while (!isDirectory(dir)) dir = path.dirname(dir);
          expect(`${realpathSync(dir)}${path.sep}`.startsWith(`${realpathSync(root)}${path.sep}`)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never make the Hexo writer, retention or the site writer touch a file outside their folders', async () => {
    await fc.assert(
      fc.asyncProperty(somePaths, async (files) => {
        resetSandbox();
        // Writers per run, as a run or build makes them: a writer caches which folders it found
        // safe, and a run before this one may have left a real folder where the reset puts a symlink.
        const writer = createHexoWriter(config.output.hexo ?? '', store);
        const siteWriter = createSiteFileWriter({
          root: config.output.site,
          rootIsNew: false,
          staged: false,
        });
        // A post moves away from each recorded file, which the writer then deletes.
        for (const [index, file] of files.entries()) {
          const item = items[index % items.length] as StoredItem;
          // Recording fails when another item holds the same file: then the post is not moved.
          await attempt(async () => {
            await store.recordOutputFile('hexo', SOURCE.key, item.identity, file);
            await writer.writePost(item, SOURCE, { html: '<p>x</p>', cover: '' });
          });
        }
        // Retention deletes what expired items record, of either kind.
        const expiring = openSqliteStore(':memory:');
        try {
          // The store records each file once per kind.
          const unique = [...new Set(files)];
          const [kept, ...old] = await seedItems(expiring, SOURCE, unique.length + 1);
          expect(kept).toBeDefined();
          for (const [index, file] of unique.entries()) {
            await expiring.recordOutputFile('hexo', SOURCE.key, old[index]?.identity ?? '', file);
            await expiring.recordOutputFile('site', SOURCE.key, old[index]?.identity ?? '', file);
          }
          const policy = { maxAgeDays: null, maxItemsPerSource: 1 };
          await attempt(() => applyRetention(config, expiring, policy, { dryRun: false }));
        } finally {
          await expiring.close();
        }
        for (const file of files) await attempt(() => siteWriter.write(file, 'written by newsmill'));
        expectSentinelsIntact();
      }),
      // `seed: 937177828` failed here while the writers were shared by every run.
      { numRuns: 100 },
    );
  });

  it('never make a build touch a file outside the site folder from its manifest or journal', async () => {
    await fc.assert(
      fc.asyncProperty(somePaths, somePaths, async (listed, journaled) => {
        resetSandbox();
        const site = config.output.site;
        // Each path as a file the previous build wrote and as a post digest (`posts/<digest>.html`).
        const files = listed.flatMap((file) => [file, 'k']);
        const covers = listed.flatMap((file) => [file, 'f', '']);
        writeFileSync(
          path.join(site, MANIFEST_FILE),
          JSON.stringify({ version: 4, config: '', files, covers }),
        );
        writeFileSync(path.join(site, '.newsmill-building'), JSON.stringify({ files: journaled }));
        await attempt(() => buildSite({ config, store }));
        expectSentinelsIntact();
      }),
      { numRuns: 25 },
    );
  });
});

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
