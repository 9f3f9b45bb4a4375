import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Every room may use the shared model (core/) and the shared infrastructure (io/); core/ uses nothing.
const SHARED = ['core', 'io'];

/**
 * THE table of allowed arrows between the rooms of src/ (the folders; `index` is src/index.ts, the
 * package's API). A room not listed here fails the test until it is given its arrows. Only the
 * pipeline calls several stages, and only cli/ and the package entry see every room.
 */
const ALLOWED: Record<string, readonly string[] | 'all'> = {
  core: [],
  io: ['core'],
  config: SHARED,
  fetch: SHARED,
  parse: SHARED,
  content: SHARED,
  filter: SHARED,
  fulltext: SHARED,
  store: SHARED,
  posts: SHARED,
  site: SHARED,
  proxy: SHARED,
  scaffold: SHARED,
  // config/: the resolved config is what the pipeline runs.
  pipeline: [
    ...SHARED,
    'config',
    'fetch',
    'parse',
    'content',
    'filter',
    'fulltext',
    'store',
    'posts',
    'site',
  ],
  // The job queue schedules and runs the pipeline's ingest on other machines, on the shared store.
  queue: [...SHARED, 'config', 'pipeline', 'store'],
  cli: 'all',
  index: 'all',
};

/**
 * Today's sideways imports, each `file -> room` with the reason it still stands. Fixing one means
 * deleting its line (the test fails while a listed arrow is gone, so the list only shrinks).
 */
const EXCEPTIONS: Record<string, string> = {
  // The site builder is started by cli/, not the pipeline, and reads the config, the store and the
  // content step itself. build-site.ts reads top to bottom since issue #21 (item 3); what stands is
  // the reading of articles (post-content, load-content, the workers), which the pipeline could hand
  // the site as a reader interface.
  'site/build-site.ts -> config': 'site builder',
  'site/post-content.ts -> config': 'site builder: proxy and content options for rendering',
  'site/build-site.ts -> store': 'site builder',
  'site/content-pool.ts -> store': 'site builder: reads item bodies in worker threads',
  'site/content-worker.ts -> store': 'site builder: reads item bodies in worker threads',
  'site/load-content.ts -> store': 'site builder',
  'site/post-content.ts -> store': 'site builder',
  'site/site-posts.ts -> store': 'site builder: item headers and source records',
  'site/load-content.ts -> content': 'site builder: renders stored items with the content step',
  'site/post-content.ts -> content': 'site builder: renders stored items with the content step',
  'site/plan-feeds.ts -> content': "site builder: feed excerpts cut with content/'s HTML excerpt",
};

// Tests, their fixtures and their helpers may reach anywhere: they are not part of the layout.
const isTestCode = (file: string): boolean =>
  file.endsWith('.test.ts') || /(^|\/)(test-support|testdata)\//.test(file);

const roomOf = (file: string): string => (file.includes('/') ? file.slice(0, file.indexOf('/')) : 'index');

/** `file -> room` for every import (type-only, dynamic and re-exports too) of a room's code that the table does not allow. */
function sidewaysImports(root: string): string[] {
  const found = new Set<string>();
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => file.endsWith('.ts') && !isTestCode(file));
  for (const file of files) {
    const from = roomOf(file);
    const allowed = ALLOWED[from];
    if (allowed === undefined) found.add(`${file} -> ? (room ${from}/ is not in the table)`);
    if (allowed === undefined || allowed === 'all') continue;
    const { importedFiles } = ts.preProcessFile(readFileSync(path.join(root, file), 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), fileName));
      const to = roomOf(target);
      if (to !== from && !allowed.includes(to)) found.add(`${file} -> ${to}`);
    }
  }
  return [...found].sort();
}

/**
 * The arrows that the README's "How the code is laid out" table states: each row's room and its
 * "may import" cell (`nothing`, `every room`, or the rooms in backticks).
 */
function readmeArrows(readme: string): Record<string, string[] | 'all'> {
  const section = readme.split(/^## /m).find((part) => part.startsWith('How the code is laid out')) ?? '';
  const stated: Record<string, string[] | 'all'> = {};
  for (const line of section.split('\n')) {
    const [, room = '', , imports = '', ...rest] = line.split('|').map((cell) => cell.trim());
    if (!room.startsWith('`') || rest.length !== 1) continue;
    const name = room === '`src/index.ts`' ? 'index' : room.replace(/[`/]/g, '');
    stated[name] =
      imports === 'every room'
        ? 'all'
        : [...imports.matchAll(/`([a-z-]+)\/`/g)].map((m) => m[1] as string).sort();
  }
  return stated;
}

describe('the arrows between the rooms of src/', () => {
  it('are the ones the README states in "How the code is laid out", room by room', () => {
    const table = Object.fromEntries(
      Object.entries(ALLOWED).map(([room, to]) => [room, to === 'all' ? 'all' : [...to].sort()]),
    );
    expect(readmeArrows(readFileSync(path.join(SRC, '..', 'README.md'), 'utf8'))).toEqual(table);
  });

  it('no room imports another sideways, but for the listed exceptions', () => {
    const found = sidewaysImports(SRC);
    expect(found.filter((arrow) => !(arrow in EXCEPTIONS))).toEqual([]);
  });

  it('lists no exception that is fixed already (delete its line)', () => {
    const found = new Set(sidewaysImports(SRC));
    expect(Object.keys(EXCEPTIONS).filter((arrow) => !found.has(arrow))).toEqual([]);
  });

  it('sees a new sideways import, type-only or dynamic, and a room missing from the table', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'newsmill-rooms-'));
    const write = (file: string, text: string): void => {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    };
    try {
      write('parse/feed.ts', 'export const feed = 1;\n');
      write('store/store.ts', 'export interface Store { x: number }\n');
      write('io/escape.ts', "export { feed } from '../parse/feed.js';\n");
      write(
        'site/page.ts',
        "import { feed } from '../parse/feed.js';\nimport '../core/model.js';\nexport const page = feed;\n",
      );
      write('posts/writer.ts', "import type { Store } from '../store/store.js';\nexport type W = Store;\n");
      write('fetch/found.ts', "export const later = () => import('../parse/feed.js');\n");
      write('pipeline/run.ts', "import '../parse/feed.js';\nimport '../site/page.js';\n");
      write('site/page.test.ts', "import '../store/store.js';\n");
      write('newroom/thing.ts', 'export const thing = 1;\n');
      expect(sidewaysImports(root)).toEqual([
        'fetch/found.ts -> parse',
        'io/escape.ts -> parse',
        'newroom/thing.ts -> ? (room newroom/ is not in the table)',
        'posts/writer.ts -> store',
        'site/page.ts -> parse',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
