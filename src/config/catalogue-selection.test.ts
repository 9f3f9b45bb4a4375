import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempFolder } from '../test-support/temp-folder.js';
import { compileCataloguePattern } from './catalogue-pattern.js';
import { loadConfigAsync, parseConfigText } from './load-config.js';
import { readCatalogue, type CatalogueFetchLimits } from './read-catalogue.js';
import { resolveSourceLocation } from './resolve-config.js';

const testdata = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata', 'catalogue');
const file = path.join(testdata, 'newsmill.yaml');
const load = (yaml: string) => parseConfigText(yaml, file, {});

describe('catalogue selection', () => {
  it('turns selected routes into rsshub: sources with the catalogue categories', () => {
    const config = load(`
catalogue:
  docs: [new-media.md, programming.md]
  select: [新媒体/ZAKER/*, 编程/掘金/分类]
  exclude: [新媒体/zaker/精读]
`);
    expect(config.sources.map((s) => [s.key, s.categories, s.location])).toEqual([
      ['rsshub:/zaker/source/12291', ['新媒体', 'ZAKER', 'source'], 'https://rsshub.app/zaker/source/12291'],
      ['rsshub:/zaker/channel/13', ['新媒体', 'ZAKER', '分类'], 'https://rsshub.app/zaker/channel/13'],
      [
        'rsshub:/juejin/category/frontend',
        ['编程', '掘金', '分类'],
        'https://rsshub.app/juejin/category/frontend',
      ],
    ]);
    expect(config.warnings).toEqual([]);
    expect(config.sources[0]).toMatchObject({ author: 'ZAKER', limit: 15, host: 'rsshub.app' });
  });

  it('fills templates from params, drops optional parameters and warns about templates it cannot fill', () => {
    const config = load(`
catalogue:
  docs: programming.md
  select: [编程/掘金/*]
  params:
    /juejin/category/:category: { category: [backend, ai] }
    /juejin/trending/:category/:type?: { category: android }
`);
    expect(config.sources.map((s) => [s.key, s.categories[2]])).toEqual([
      ['rsshub:/juejin/category/backend', '分类 backend'],
      ['rsshub:/juejin/category/ai', '分类 ai'],
      ['rsshub:/juejin/trending/android', '热门'],
    ]);
    expect(config.warnings).toEqual([
      'catalogue route 编程/掘金/标签 (/juejin/tag/:tag): no example and no values for :tag; set catalogue.params["/juejin/tag/:tag"]; skipped',
    ]);
  });

  it('warns about routes that need instance config or a browser, and patterns that match nothing', () => {
    const config = load(`
catalogue:
  docs: [programming.md, namespace.json]
  select: [编程/Dockone/周报, 编程/开源中国, 无此分类/*]
`);
    expect(config.sources.map((s) => s.key)).toEqual([
      'rsshub:/dockone/weekly',
      'rsshub:/oschina/news/industry',
    ]);
    expect(config.warnings).toEqual([
      'catalogue route 编程/Dockone/周报 (/dockone/weekly) needs configuration on the RSSHub instance',
      'catalogue route 编程/Dockone/周报 (/dockone/weekly) needs a browser (Puppeteer) on the RSSHub instance',
      'catalogue route 编程/开源中国/资讯 (/oschina/news/:category?) needs configuration on the RSSHub instance',
      'catalogue.select "无此分类/*" matches no route: no top category "无此分类"; the catalogue has 编程, 新媒体, made-up-slug',
    ]);
  });

  it('keeps hand-written sources first and lets them win on the same url or location', () => {
    const config = load(`
rsshub: https://hub.example
catalogue: { docs: new-media.md, select: ["新媒体/*/*"], exclude: ["*/*/精读"] }
sources:
  - { url: "rsshub:/zaker/source/12291", categories: [Mine, Z, s], limit: 2 }
  - { url: "https://hub.example/36kr/news/latest", categories: [Mine, K, n] }
`);
    expect(config.sources.map((s) => [s.key, s.categories[0]])).toEqual([
      ['rsshub:/zaker/source/12291', 'Mine'],
      ['https://hub.example/36kr/news/latest', 'Mine'],
      ['rsshub:/zaker/channel/13', '新媒体'],
    ]);
    expect(config.warnings).toEqual([
      'catalogue route 新媒体/36kr/用户文章 (/36kr/user/:id): no example and no values for :id; set catalogue.params["/36kr/user/:id"]; skipped',
    ]);
  });

  it('skips routes that would leave the RSSHub folder or instance, and cleans names of terminal controls', () => {
    const dir = tempFolder('newsmill-hostile-');
    const route = (example: string | undefined, name: string, routePath = `/${name}`) => ({
      path: routePath,
      name,
      ...(example === undefined ? {} : { example }),
      categories: ['blog'],
    });
    const api = {
      evil: {
        name: 'Evil\u001b]0;owned\u0007\u202Egnp',
        routes: {
          '/a': route('/../../../../etc/passwd', 'up'),
          '/b': route('/evil/%2e%2e/%2e%2e/%2e%2e/etc/passwd', 'encoded'),
          '/c': route('/evil/..\\..\\secret', 'backslash'),
          '/d/:id': route(undefined, 'param', '/d/:id'),
          '/e': route('/evil/fine', 'fine\u001b[2J\u009b2J'),
        },
      },
    };
    writeFileSync(path.join(dir, 'api.json'), JSON.stringify(api));
    const config = parseConfigText(
      'rsshub: hub\ncatalogue:\n  docs: api.json\n  select: ["*"]\n  params: { "/evil/d/:id": { id: "../../../x" } }\n',
      path.join(dir, 'newsmill.yaml'),
      {},
    );
    expect(config.sources.map((s) => s.key)).toEqual(['rsshub:/evil/fine']);
    expect(config.sources[0]?.categories).toEqual(['博客', 'Evilgnp', 'fine']);
    const leaving = config.warnings.filter((w) => /must stay inside the RSSHub instance.*; skipped$/.test(w));
    expect(leaving).toHaveLength(4);
    expect(leaving[0]).toBe(
      'catalogue route 博客/Evilgnp/up (/evil/up): an rsshub: route must stay inside the RSSHub instance: no ".." segments (encoded or not) and no control characters; skipped',
    );
  });

  it("reads an instance's namespace API through the fetcher its caller gives, with the config's limits", async () => {
    const api = readFileSync(path.join(testdata, 'namespace.json'), 'utf8');
    const asked: Array<[string, CatalogueFetchLimits]> = [];
    const fetchText = (url: string, limits: CatalogueFetchLimits): Promise<string> => {
      asked.push([url, limits]);
      return Promise.resolve(api);
    };
    const dir = tempFolder('newsmill-api-');
    const yaml =
      'site: { language: en }\nrsshub: https://rsshub.example\nfetch: { timeoutMs: 1234, userAgent: ua/1 }\n' +
      'catalogue: { docs: "https://rsshub.example", select: [New Media/少数派/*] }\n';
    writeFileSync(path.join(dir, 'newsmill.yaml'), yaml);
    const config = await loadConfigAsync(path.join(dir, 'newsmill.yaml'), {}, fetchText);
    expect(config.sources.map((s) => [s.location, s.categories.join('/')])).toEqual([
      ['https://rsshub.example/sspai/index', 'New Media/少数派/首页'],
      ['https://rsshub.example/sspai/column/104', 'New Media/少数派/专栏'],
    ]);
    // A bare instance means its /api/namespace; only the three limits a fetch takes are passed on.
    expect(asked).toEqual([
      [
        'https://rsshub.example/api/namespace',
        { timeoutMs: 1234, maxBytes: config.fetch.maxBytes, userAgent: 'ua/1' },
      ],
    ]);
    const refuse = (): Promise<string> =>
      Promise.reject(new Error('GET https://rsshub.example/api/namespace: refused'));
    await expect(loadConfigAsync(path.join(dir, 'newsmill.yaml'), {}, refuse)).rejects.toThrow(
      /newsmill\.yaml: catalogue https:\/\/rsshub\.example: GET https:\/\/rsshub\.example\/api\/namespace: refused$/,
    );
  });

  it('fetches nothing for local docs, and uses the default limits without a config', async () => {
    const asked: string[] = [];
    const fetchText = (url: string, limits: CatalogueFetchLimits): Promise<string> => {
      asked.push(`${url} ${JSON.stringify(limits)}`);
      return Promise.resolve('{}');
    };
    await readCatalogue([path.join(testdata, 'programming.md')], { dir: '/', language: 'zh' }, fetchText);
    expect(asked).toEqual([]);
    await readCatalogue(['https://rsshub.example/docs/routes'], { dir: '/', language: 'zh' }, fetchText);
    expect(asked).toEqual([
      'https://rsshub.example/docs/routes {"timeoutMs":20000,"maxBytes":52428800,"userAgent":"newsmill/0.1"}',
    ]);
  });

  it('says that the synchronous loader cannot fetch catalogue URLs', () => {
    expect(() => load('catalogue: { docs: "https://rsshub.example" }')).toThrow(/loadConfigAsync/);
    expect(() => load('catalogue: { docs: missing.md }')).toThrow(
      /newsmill\.yaml: catalogue missing\.md: cannot be read/,
    );
  });
});

describe('catalogue patterns', () => {
  const entry = { category: '编程', source: '掘金', channel: '资讯/快讯' } as never;
  it('globs per level, ignores case, takes \\/ and extra levels as part of the channel', () => {
    expect(compileCataloguePattern('编程')(entry)).toBe(true);
    expect(compileCataloguePattern('编*/掘?')(entry)).toBe(true);
    expect(compileCataloguePattern('编程/掘金/资讯\\/快讯')(entry)).toBe(true);
    expect(compileCataloguePattern('编程/掘金/资讯/快讯')(entry)).toBe(true);
    expect(compileCataloguePattern('编程/掘金/资讯')(entry)).toBe(false);
    expect(compileCataloguePattern('*/*/*')({ category: 'A', source: 'b', channel: 'c' } as never)).toBe(
      true,
    );
    // A channel whose own slash has spaces around it, as RSSHub's V2EX "最热 / 最新主题".
    const v2ex = { category: '论坛', source: 'V2EX', channel: '最热 / 最新主题' } as never;
    expect(compileCataloguePattern('论坛/V2EX/最热 / 最新主题')(v2ex)).toBe(true);
    expect(compileCataloguePattern(' 论坛 / V2EX / 最热 / 最新主题 ')(v2ex)).toBe(true);
  });
});

describe('a local folder as the RSSHub instance', () => {
  it('maps a route to the first of <route>.xml, .json, .atom that exists', () => {
    const dir = tempFolder('newsmill-rsshub-');
    mkdirSync(path.join(dir, 'hub/a'), { recursive: true });
    writeFileSync(path.join(dir, 'hub/a/b.json'), '{}');
    writeFileSync(path.join(dir, 'hub/a/b.atom'), '');
    expect(resolveSourceLocation('rsshub:/a/b?limit=3', 'hub', dir)).toBe(path.join(dir, 'hub/a/b.json'));
    expect(resolveSourceLocation('rsshub:/a/c', 'hub', dir)).toBe(path.join(dir, 'hub/a/c.xml'));
    const config = parseConfigText(
      'rsshub: hub\nsources: [{ url: "rsshub:/a/b", categories: [a, b, c] }]',
      path.join(dir, 'n.yaml'),
      {},
    );
    expect(config.rsshub).toEqual([path.join(dir, 'hub')]);
    expect(config.sources[0]).toMatchObject({ location: path.join(dir, 'hub/a/b.json'), host: 'file' });
    expect(() => parseConfigText('rsshub: ftp://x', file, {})).toThrow(
      /expected an http\(s\) URL or a local folder/,
    );
  });
});
