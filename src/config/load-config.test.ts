import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfigText } from './load-config.js';

const file = '/site/newsmill.yaml';
const minimal = `
sources:
  - url: feeds/zaker.xml
    categories: [新媒体, ZAKER, source]
  - url: rsshub:/36kr/news/latest
    categories: [新媒体, 36kr, 资讯]
    limit: 5
    author: 三十六氪
    proxy: all
`;

describe('config', () => {
  it('applies defaults and resolves paths against the config folder', () => {
    const config = parseConfigText(minimal, file, {});
    expect(config.store).toEqual({ kind: 'sqlite', path: path.resolve('/site/.newsmill/newsmill.db') });
    expect(config.output).toEqual({ hexo: null, site: path.resolve('/site/public') });
    expect(config.timezone).toBe('Asia/Shanghai');
    expect(config.cover.fallback).toBe('https://picsum.photos/400/300?random={n}');
    expect(config.proxy).toEqual({ mode: 'http-only', target: null });
    expect(config.sources[0]).toMatchObject({
      key: 'feeds/zaker.xml',
      location: path.resolve('/site/feeds/zaker.xml'),
      author: 'ZAKER',
      limit: 15,
      proxyMode: 'http-only',
    });
    expect(config.sources[1]).toMatchObject({
      location: 'https://rsshub.app/36kr/news/latest',
      author: '三十六氪',
      limit: 5,
      proxyMode: 'all',
    });
  });

  it('names the file, the field path and what was expected', () => {
    const text = `sources:\n  - url: a.xml\n    categories: [only, two]\n    limit: -1\n`;
    expect(() => parseConfigText(text, file, {})).toThrow(
      /\/site\/newsmill\.yaml: invalid config:\n {2}- sources\[0\]\.categories: expected three categories: \[top category, source, channel\]\n {2}- sources\[0\]\.limit: .*>0/,
    );
  });

  it('accepts listed time zones, UTC and aliases such as Asia/Calcutta', () => {
    for (const zone of ['Europe/Berlin', 'UTC', 'Etc/GMT+8', 'Asia/Calcutta', 'asia/shanghai'])
      expect(parseConfigText(`timezone: ${zone}`, file, {}).timezone).toBe(zone);
  });

  it('rejects unknown keys, bad time zones and bad URLs', () => {
    expect(() => parseConfigText('sourcez: []', file, {})).toThrow(/\(top level\): unknown key "sourcez"/);
    expect(() => parseConfigText('timezone: Mars/Base', file, {})).toThrow(
      /timezone: expected an IANA time zone/,
    );
    expect(() => parseConfigText('rsshub: ftp://x', file, {})).toThrow(/rsshub: expected an http\(s\) URL/);
    expect(() => parseConfigText('proxy: { template: "https://w/" }', file, {})).toThrow(
      /proxy\.template: expected a template containing \{url\}/,
    );
  });

  it('reads the signing secret from the environment and says which variable is missing', () => {
    const text = 'proxy: { base: "https://img.example.com" }';
    expect(() => parseConfigText(text, file, {})).toThrow(/NEWSMILL_PROXY_SECRET/);
    expect(parseConfigText(text, file, { NEWSMILL_PROXY_SECRET: 'k' }).proxy.target).toEqual({
      kind: 'signed',
      base: 'https://img.example.com',
      secret: 'k',
    });
  });

  it('reports YAML syntax errors and missing files with the file name', () => {
    expect(() => parseConfigText('sources: [', file, {})).toThrow(/newsmill\.yaml: invalid YAML/);
    expect(() => loadConfig('/nonexistent/newsmill.yaml', {})).toThrow(
      /\/nonexistent\/newsmill\.yaml: file not found/,
    );
  });

  it('takes the seal’s secret from NEWSMILL_SEAL_SECRET, else a file beside a SQLite store', () => {
    const store = path.resolve('/site/.newsmill/newsmill.db');
    expect(parseConfigText(minimal, file, {}).seal).toEqual({ secret: null, file: `${store}.seal` });
    const secret = 'x'.repeat(32);
    expect(parseConfigText(minimal, file, { NEWSMILL_SEAL_SECRET: secret }).seal.secret).toBe(secret);
    expect(() => parseConfigText(minimal, file, { NEWSMILL_SEAL_SECRET: 'short' })).toThrow(
      /NEWSMILL_SEAL_SECRET must be at least 32 characters long \(it has 5\)/,
    );
    const postgres = parseConfigText('store: postgres://db.example/newsmill', file, {});
    expect(postgres.seal).toEqual({ secret: null, file: null });
  });

  it('reads filters, retention and full text, and names a broken regular expression', () => {
    const text = `retention: { maxAgeDays: 30 }
filters: { include: { any: ['/rust/i'] } }
sources:
  - { url: a.xml, categories: [a, b, c], fulltext: { selector: article }, filters: { maxAgeDays: 3 } }
  - { url: b.xml, categories: [a, b, d], fulltext: true }
`;
    const config = parseConfigText(text, file, {});
    expect(config.retention).toEqual({ maxAgeDays: 30, maxItemsPerSource: null, removedSourceDays: 0 });
    expect(config.filters).toEqual({ include: { any: ['/rust/i'] } });
    expect(config.sources.map((s) => s.fullText)).toEqual([{ selector: 'article' }, { selector: null }]);
    expect(config.sources[0]?.filters).toEqual({ maxAgeDays: 3 });
    expect(() => parseConfigText("filters: { exclude: { title: ['/(/'] } }", file, {})).toThrow(
      /filters\.exclude\.title\[0\]: not a valid regular expression/,
    );
  });

  it('percent-encodes the site URL once, as its category paths are', () => {
    const config = parseConfigText(`site: { url: "https://example.org/新闻/" }\n${minimal}`, file, {});
    expect(config.site.url).toBe('https://example.org/%E6%96%B0%E9%97%BB/');
    const plain = parseConfigText(`site: { url: "https://example.org/news" }\n${minimal}`, file, {});
    expect(plain.site.url).toBe('https://example.org/news');
  });

  it('refuses the same source twice', () => {
    const text = `sources:\n  - { url: a.xml, categories: [a, b, c] }\n  - { url: a.xml, categories: [a, b, d] }\n`;
    expect(() => parseConfigText(text, file, {})).toThrow(/"a.xml" is listed twice/);
  });
});

describe('config messages', () => {
  const problem = (text: string): string => {
    try {
      parseConfigText(text, file, {});
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected the config to be refused');
  };

  it('reads site.feeds: each format once, in link order, at least one per list', () => {
    expect(parseConfigText('site: {}', file, {}).site.feeds).toEqual({
      home: ['atom', 'rss', 'json'],
      categories: ['atom'],
    });
    const feeds = parseConfigText('site: { feeds: { categories: [json, rss, json] } }', file, {}).site.feeds;
    expect(feeds).toEqual({ home: ['atom', 'rss', 'json'], categories: ['rss', 'json'] });
    expect(problem('site: { feeds: { home: [] } }')).toMatch(
      /- site\.feeds\.home: expected at least one of atom, rss, json$/m,
    );
    expect(problem('site: { feeds: { categories: [rdf] } }')).toMatch(
      /- site\.feeds\.categories\[0\]: expected one of atom, rss, json$/m,
    );
  });

  it('lists the allowed values', () => {
    expect(problem('proxy: { mode: sometimes }')).toMatch(
      /- proxy\.mode: expected one of http-only, all, none, or a list of hosts$/m,
    );
    expect(problem('sources:\n  - { url: a.xml, categories: [a, b, c], proxy: 3 }')).toMatch(
      /- sources\[0\]\.proxy: expected one of http-only, all, none, or a list of hosts$/m,
    );
    expect(problem('catalogue: { docs: x, language: fr }')).toMatch(
      /- catalogue\.language: expected one of zh, en$/m,
    );
    expect(problem('sources:\n  - { url: a.xml, categories: [a, b, c], fulltext: 3 }')).toMatch(
      /- sources\[0\]\.fulltext: expected true, false or \{ selector: "CSS selector" \}$/m,
    );
  });

  it('suggests the nearest key for an unknown one', () => {
    expect(problem('site: { perpage: 3 }')).toMatch(
      /- site: unknown key "perpage" \(did you mean "perPage"\?\)$/m,
    );
    // A key one level too high, as Hexo's _config.yml writes per_page at the top.
    expect(problem('perpage: 3')).toMatch(
      /- \(top level\): unknown key "perpage" \(did you mean "site\.perPage"\?\)$/m,
    );
    expect(problem('per_page: 3\ntimezone: UTC')).toMatch(
      /unknown key "per_page" \(did you mean "site\.perPage"\?\)$/m,
    );
    expect(problem('sourcez: []')).toMatch(
      /- \(top level\): unknown key "sourcez" \(did you mean "sources"\?\)$/m,
    );
    expect(problem('fetch: { timeout: 5 }')).toMatch(
      /- fetch: unknown key "timeout" \(did you mean "timeoutMs"\?\)$/m,
    );
    expect(problem('sources:\n  - { url: a.xml, categories: [a, b, c], auther: x }')).toMatch(
      /- sources\[0\]: unknown key "auther" \(did you mean "author"\?\)$/m,
    );
    expect(problem('proxy: { secretenv: X }')).toMatch(/did you mean "secretEnv"/);
    expect(problem('colour: blue')).toMatch(/- \(top level\): unknown key "colour"$/m);
  });

  it('reads categories written as top/source/channel, as the CLI does', () => {
    const text = 'sources:\n  - { url: a.xml, categories: " 新媒体 / ZAKER/a\\\\/b " }\n';
    expect(parseConfigText(text, file, {}).sources[0]?.categories).toEqual(['新媒体', 'ZAKER', 'a/b']);
    expect(problem('sources:\n  - { url: a.xml, categories: a/b }')).toMatch(
      /- sources\[0\]\.categories: expected three categories/,
    );
    expect(problem('sources:\n  - { url: a.xml, categories: a//c }')).toMatch(
      /- sources\[0\]\.categories\[1\]: expected a non-empty category name/,
    );
  });

  it('refuses unsupported URL schemes instead of reading them as files', () => {
    for (const url of ['ftp://x/y.xml', 'javascript:alert(1)', 'data:text/xml,<rss/>', 'gopher://h/1']) {
      const scheme = url.slice(0, url.indexOf(':') + 1);
      expect(problem(`sources:\n  - { url: "${url}", categories: [a, b, c] }`)).toMatch(
        new RegExp(`- sources\\[0\\]\\.url: unsupported URL scheme "${scheme}"`),
      );
    }
    // A drive letter is a path, and ./ makes a colon in a file name one too.
    const paths =
      'sources:\n  - { url: "C:/feeds/a.xml", categories: [a, b, c] }\n  - { url: "./x:y.xml", categories: [a, b, d] }';
    expect(parseConfigText(paths, file, {}).sources).toHaveLength(2);
    expect(problem('sources:\n  - { url: "https://", categories: [a, b, c] }')).toMatch(
      /- sources\[0\]\.url: not a valid URL/,
    );
    // With a space in front, a URL would not be recognized as one and would be read as a file name.
    for (const url of [' ftp://x/y.xml', ' https://a.example/feed', 'feeds/a.xml '])
      expect(problem(`sources:\n  - { url: "${url}", categories: [a, b, c] }`)).toMatch(
        /- sources\[0\]\.url: a source url must not start or end with white space/,
      );
  });

  it('keeps rsshub: routes inside the RSSHub folder or instance', () => {
    for (const route of [
      '/../../etc/passwd',
      '/a/../../b',
      '/a/%2e%2E/b',
      '/a/.%2e/b',
      '/a/%252e%252e/b',
      '/a\\..\\b',
      '/a/%00',
    ]) {
      expect(problem(`sources:\n  - { url: 'rsshub:${route}', categories: [a, b, c] }`)).toMatch(
        /- sources\[0\]\.url: an rsshub: route must stay inside the RSSHub instance/,
      );
    }
    expect(
      parseConfigText('sources:\n  - { url: "rsshub:/a/b..c/.d?x=../y", categories: [a, b, c] }', file, {})
        .sources,
    ).toHaveLength(1);
  });
});
