import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseNamespaceApi } from '../src/config/catalogue-namespace-api.js';
import { PARAMETER_MAX_CHARS, shorten } from './generate-catalogue-compact.js';
import { evaluateLiteral, parseSource, scopeOf, UNKNOWN } from './generate-catalogue-literal.js';
import { generateCatalogue, readCategoryNames } from './generate-catalogue.js';

const testdata = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata');
const tree = path.join(testdata, 'rsshub');
const docs = path.join(testdata, 'rsshub-docs');

let temp = '';
afterEach(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
  temp = '';
});

const git = (dir: string, ...args: string[]): string =>
  execFileSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    },
  });

describe('generate-catalogue: a route tree read with the TypeScript compiler API', () => {
  const { catalogue, skipped } = generateCatalogue({
    rsshub: { dir: tree },
    docs: { dir: docs },
    date: '2026-12-06',
  });

  it('keeps the facts of each route: names in both languages, example, parameters, the flags that are set', () => {
    expect(catalogue.alpha).toEqual({
      name: 'Alpha News',
      zh: { name: '阿尔法新闻' },
      url: 'alpha.example',
      categories: ['new-media'],
      routes: {
        '/latest/:category?': {
          name: 'Latest',
          zh: { name: '最新' },
          example: '/alpha/latest/world',
          // The shared const is read: its value differs from the namespace's, so it is kept.
          categories: ['new-media', 'popular'],
          parameters: { category: 'Category, `all` by default' },
          features: { requireConfig: true, antiCrawler: true },
        },
        '/page/:id': {
          name: 'Page updates',
          example: '/alpha/page/42',
          parameters: { id: expect.stringMatching(/^Page id, found in the address.*…$/) },
          features: { requirePuppeteer: true },
        },
        '/p/:id': expect.objectContaining({ name: 'Page updates' }),
      },
    });
    expect(catalogue.beta).toEqual({
      name: 'Beta',
      url: 'beta.example',
      routes: { '/board': { name: 'Board', example: '/beta/board', categories: ['bbs'] } },
    });
  });

  it('counts and names what it could not evaluate statically, instead of guessing', () => {
    expect(skipped).toEqual([
      'lib/routes/beta/computed.ts: route path has no static value',
      'lib/routes/orphan: 1 route(s) but no namespace.ts',
    ]);
    expect(catalogue.$meta).toMatchObject({
      generated: '2026-12-06',
      // The fixture sits inside newsmill's repository, whose HEAD is not the tree's commit.
      source: { repository: 'DIYgod/RSSHub', license: 'AGPL-3.0', via: 'checkout', commit: null },
      docs: { repository: 'RSSNext/rsshub-docs', commit: null },
      categories: { 'new-media': { zh: '新媒体', en: 'New media' }, bbs: { zh: '论坛', en: 'BBS' } },
      counts: { namespaces: 2, routes: 4, skipped: 2 },
    });
    expect(catalogue.orphan).toBeUndefined();
  });

  it('gives a file the namespace loader reads in both languages, with the docs category names', () => {
    const json = JSON.stringify(catalogue);
    const zh = parseNamespaceApi(json, 'zh', 'generated');
    expect(zh.warnings).toEqual([]);
    expect(zh.entries.map((e) => [e.category, e.source, e.channel, e.path, e.requiresConfig])).toEqual([
      ['新媒体', '阿尔法新闻', '最新', '/alpha/latest/:category?', true],
      ['新媒体', '阿尔法新闻', 'Page updates', '/alpha/page/:id', false],
      ['新媒体', '阿尔法新闻', 'Page updates', '/alpha/p/:id', false],
      ['论坛', 'Beta', 'Board', '/beta/board', false],
    ]);
    const en = parseNamespaceApi(json, 'en', 'generated');
    expect(en.entries.map((e) => [e.category, e.source, e.channel])[0]).toEqual([
      'New media',
      'Alpha News',
      'Latest',
    ]);
  });

  it('reads the same tree from a bare git directory at a commit, and records the commit', () => {
    temp = mkdtempSync(path.join(tmpdir(), 'newsmill-catalogue-'));
    const work = path.join(temp, 'work');
    cpSync(tree, work, { recursive: true });
    git(work, 'init', '-q');
    git(work, 'add', '.');
    git(work, 'commit', '-q', '-m', 'fixture');
    const commit = git(work, 'rev-parse', 'HEAD').trim();
    execFileSync('git', ['clone', '-q', '--bare', work, path.join(temp, 'bare.git')]);
    // A later commit must not leak into a read pinned to the first one.
    rmSync(path.join(work, 'lib/routes/beta'), { recursive: true });
    git(work, 'commit', '-q', '-am', 'drop beta');
    const fromGit = generateCatalogue({
      rsshub: { dir: path.join(temp, 'bare.git'), commit },
      date: '2026-12-06',
    });
    const { $meta: gitMeta, ...gitNamespaces } = fromGit.catalogue;
    const { $meta: _meta, ...dirNamespaces } = catalogue;
    expect(gitNamespaces).toEqual(dirNamespaces);
    expect(gitMeta).toMatchObject({ source: { commit, via: 'git', license: 'AGPL-3.0' } });
    // A checkout of its own records its HEAD.
    const head = git(work, 'rev-parse', 'HEAD').trim();
    const fromCheckout = generateCatalogue({ rsshub: { dir: work } });
    expect(fromCheckout.catalogue.$meta).toMatchObject({ source: { commit: head, via: 'checkout' } });
    expect(fromCheckout.catalogue.beta).toBeUndefined();
  });

  it('reads an unpacked rsshub npm package through its bundled routes.json, commit from the version', () => {
    const { catalogue: built, skipped: none } = generateCatalogue({
      rsshub: { dir: path.join(testdata, 'rsshub-package') },
    });
    expect(none).toEqual([]);
    expect(Object.keys(built).sort()).toEqual(['$meta', 'alpha', 'x-mol']);
    expect(built.alpha).toMatchObject({
      zh: { name: '阿尔法新闻' },
      routes: {
        '/latest/:category?': { name: 'Latest', zh: { name: '最新' }, features: { requirePuppeteer: true } },
      },
    });
    expect(built.$meta).toMatchObject({
      source: { commit: 'abc1234', via: 'npm rsshub@1.0.0-master.abc1234', license: 'AGPL-3.0' },
    });
  });
});

describe('generate-catalogue: pieces', () => {
  it('evaluates only data: calls, spreads and unknown names have no value', () => {
    const file = parseSource(
      'x.ts',
      'const a = "A"; const o = { a, b: `${a}-b`, c: f(), ...rest, d: [1, g(), -2], e: a + 1 } as const;',
    );
    const scope = scopeOf(file);
    expect(evaluateLiteral(scope.consts.get('o')!, scope)).toEqual({ a: 'A', b: 'A-b', d: [1, -2], e: 'A1' });
    expect(scope.unknowns).toBe(3);
    const loop = parseSource('y.ts', 'const a = { b: a };');
    const loopScope = scopeOf(loop);
    // A const that refers to itself ends at the first repeat instead of recursing for ever.
    expect(evaluateLiteral(loopScope.consts.get('a')!, loopScope)).toEqual({ b: {} });
    const call = parseSource('z.ts', 'const c = f();');
    const callScope = scopeOf(call);
    expect(evaluateLiteral(callScope.consts.get('c')!, callScope)).toBe(UNKNOWN);
  });

  it('shortens long parameter descriptions by code points, never inside a surrogate pair', () => {
    const long = '😀'.repeat(PARAMETER_MAX_CHARS + 5);
    const short = shorten(long);
    expect([...short]).toHaveLength(PARAMETER_MAX_CHARS);
    expect(short.endsWith('😀…')).toBe(true);
    expect(shorten('  a \n  b ')).toBe('a b');
  });

  it('reads the docs category names from data.ts when there is no categories.json', () => {
    temp = mkdtempSync(path.join(tmpdir(), 'newsmill-docs-'));
    mkdirSync(path.join(temp, '.vitepress/config'), { recursive: true });
    writeFileSync(
      path.join(temp, '.vitepress/config/data.ts'),
      "export const categories = [{ icon: 'x', link: '/routes/new-media', en: 'New media', zh: '新媒体' }];",
    );
    expect(readCategoryNames({ dir: temp })).toEqual({ 'new-media': { zh: '新媒体', en: 'New media' } });
  });
});
