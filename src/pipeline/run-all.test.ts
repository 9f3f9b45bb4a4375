import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { describeOutcome } from '../cli/run-reporter.js';
import { loadConfig, parseConfigText } from '../config/load-config.js';
import { formatPostDate } from '../posts/render-post.js';
import { copyDemo, listFiles } from '../test-support/demo-site.js';
import { deadLoopbackPort } from '../test-support/loopback-server.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { openTestStore } from '../test-support/test-store.js';
import { runAllSources } from './run-all.js';
import { storeFileOf } from '../test-support/store-file.js';

function frontMatter(post: string): Record<string, unknown> {
  const match = /^\n---\n([\s\S]*?)\n---\n/.exec(post);
  if (!match?.[1]) throw new Error('no front matter');
  return parseYaml(match[1]) as Record<string, unknown>;
}

const oschina = 'https://www.oschina.net/news/'; // the feed's xml:base
const osblog = 'https://my.oschina.net/u/4489239/blog/'; // an entry's own xml:base

/**
 * The first image of each demo item as its feed carries it (resolved against the item's link or
 * xml:base), or null for an item without one: the cover newsmill must pick.
 */
const FIRST_IMAGES: Record<string, string | null> = {
  'http://www.myzaker.com/article/61bb1c2e8e9f0917bc5d7a01':
    'http://zkres2.myzaker.com/202112/61bb1bf28e9f090ce153234f_1024.jpg',
  'http://www.myzaker.com/article/61baa01b8e9f0975a22f61c7':
    'http://zkres1.myzaker.com/202112/61ba9e3a8e9f0975a22f61c4_1024.jpg',
  'http://www.myzaker.com/article/61ba7d0a8e9f0975a22f5e14':
    'http://zkres2.myzaker.com/202112/61ba7c658e9f0975a22f5e10_1024.jpg',
  // The hostile `<img src=x onerror=…>` comes first; its src resolves against the item's link.
  'http://www.myzaker.com/article/61ba60118e9f0975a22f5b25': 'http://www.myzaker.com/article/x',
  'http://www.myzaker.com/article/61ba49a78e9f0975a22f5907': null,
  'https://36kr.com/p/1532104578901253':
    'https://img.36krcdn.com/20211216/v2_3f1c9a0e2b7d4c6a8e5f10d2c7b9a441_img_000',
  'https://36kr.com/p/1531877003320197':
    'https://img.36krcdn.com/20211216/v2_9a7e0b1c55d2480f93b6c7a1e2d3f804_img_png',
  'https://36kr.com/p/1531650098765440':
    'https://img.36krcdn.com/20211215/v2_c4d8e2f3a1b04e6f9c1d2a3b4c5d6e7f_img_000',
  'https://juejin.cn/post/7041823456789012345': null,
  'https://juejin.cn/post/7024012345678901234':
    'https://p3-juejin.byteimg.com/tos-cn-i-k3u1fbpfcp/5b2f6e1a9c8d4e7f8a0b1c2d3e4f5a6b~tplv-k3u1fbpfcp-watermark.image',
  'https://juejin.cn/post/7041234567890123456': null,
  'https://juejin.cn/post/7040987654321098765': null,
  'https://www.oschina.net/news/172345/some-database-3-0-released': new URL('../img/logo.png', oschina).href,
  'https://my.oschina.net/u/4489239/blog/5362011': new URL('../../img/terminal-tools.png', osblog).href,
  'https://www.oschina.net/news/172301/linux-5-16-rc5': new URL('../img/tux.png', oschina).href,
  'https://www.oschina.net/news/172288/osc-2021-awards':
    'https://static.oschina.net/uploads/space/2021/1212/150012_demo_2021awards.png',
  'http://weekly.dockone.io/article/2434612': 'http://dockone.io/uploads/article/20211216/k8s-123-banner.png',
  'http://weekly.dockone.io/article/2434598':
    'https://dockone.io/uploads/article/20211215/image-size-chart.png',
  'http://weekly.dockone.io/article/2434570': null,
  'http://weekly.dockone.io/article/2434551': 'http://dockone.io/uploads/article/20211213/mesh-topology.jpg',
  'https://www.cnbeta.com/articles/tech/1216001.htm': 'http://static.cnbetacdn.com/article/2021/1216/abc.jpg',
  // Protocol-relative (`//static.cnbetacdn.com/…`) on an https page.
  'https://www.cnbeta.com/articles/soft/1216017.htm':
    'https://static.cnbetacdn.com/article/2021/1216/def.png',
  'https://www.cnbeta.com/articles/science/1215988.htm':
    'http://static.cnbetacdn.com/thumb/article/2021/1215/9f8e7d6c5b4a.jpg_600x600.jpg',
  'https://www.cnbeta.com/articles/tech/1215960.htm': null,
};

/**
 * The cover FORMAT.md prescribes, from the demo config's own text: the first image, through the
 * proxy template when it is plain http (mode http-only), else the fallback with a number in 0–10000
 * from the first 32 bits of SHA-256(source key, newline, identity).
 */
function expectedCover(configFile: string, sourceKey: string, identity: string, link: string): string {
  const raw = parseYaml(readFileSync(configFile, 'utf8')) as {
    proxy: { mode: string; template: string };
    cover: { fallback: string };
  };
  expect(raw.proxy.mode).toBe('http-only');
  const image = FIRST_IMAGES[link];
  if (image === undefined) throw new Error(`no known first image for ${link}`);
  if (image === null) {
    const digest = createHash('sha256').update(`${sourceKey}\n${identity}`).digest('hex');
    return raw.cover.fallback.replace('{n}', String(Number.parseInt(digest.slice(0, 8), 16) % 10001));
  }
  return image.startsWith('http:') ? raw.proxy.template.replace('{url}', image) : image;
}

describe('a run over the bundled demo', () => {
  it('writes one post per item, then nothing on the second run', async () => {
    const dir = copyDemo(tempFolder('newsmill-run-all-'));
    const config = loadConfig(path.join(dir, 'newsmill.yaml'), {});
    const store = openTestStore(storeFileOf(config));
    const first = await runAllSources({ config, store });
    expect(first.outcomes.map((o) => [o.source.key, o.error])).toEqual(
      config.sources.map((s) => [s.key, null]),
    );
    expect(first.sourcesOk).toBe(6);
    // The ZAKER feed declares <ttl>5</ttl>: watch polls it every five minutes (within its bounds).
    expect(first.outcomes.find((o) => o.source.key === 'feeds/zaker.xml')?.pollHintSeconds).toBe(300);
    // 5 ZAKER, 3 of 36kr's 4 (its limit), 4 juejin, 4 OSCHINA, 4 Dockone, 4 cnBeta.
    expect(first.itemsNew).toBe(24);
    expect(first.filesWritten).toBe(first.itemsNew);
    const posts = listFiles(path.join(dir, 'hexo/source/_posts'));
    expect(posts).toHaveLength(first.itemsNew);

    const second = await runAllSources({ config, store });
    expect(second).toMatchObject({
      filesWritten: 0,
      itemsNew: 0,
      itemsUpdated: 0,
      itemsUnchanged: first.itemsNew,
    });
    expect(listFiles(path.join(dir, 'hexo/source/_posts'))).toEqual(posts);
  });

  it('writes front matter that loads back to exactly the values that went in', async () => {
    const dir = copyDemo(tempFolder('newsmill-run-all-'));
    const config = loadConfig(path.join(dir, 'newsmill.yaml'), {});
    const store = openTestStore(storeFileOf(config));
    await runAllSources({ config, store });
    const postsDir = path.join(dir, 'hexo/source/_posts');
    const titles: string[] = [];
    const covered: string[] = [];
    for (const source of config.sources) {
      for (const item of await store.listItems(source.key)) {
        const relative = await store.getOutputFile('hexo', source.key, item.identity);
        const post = readFileSync(path.join(postsDir, relative ?? 'missing'), 'utf8');
        const cover = expectedCover(
          path.join(dir, 'newsmill.yaml'),
          source.key,
          item.identity,
          item.link ?? '',
        );
        covered.push(item.link ?? '');
        expect(frontMatter(post)).toEqual({
          title: item.title,
          categories: source.categories,
          headimg: cover,
          author: source.author,
          comments: false,
          date: formatPostDate(item.published ?? item.firstSeenAt),
          thumbnail: cover,
        });
        expect(post.endsWith('  \n</div>\n            ')).toBe(true);
        titles.push(item.title ?? '');
      }
    }
    expect(covered.sort()).toEqual(Object.keys(FIRST_IMAGES).sort());
    // The demo carries the titles that broke the ancestor's YAML.
    expect(titles.some((t) => t.includes("'") && t.includes('"'))).toBe(true);
    expect(titles.some((t) => t.startsWith('- '))).toBe(true);
    expect(titles.some((t) => t.includes('#'))).toBe(true);
  });
});

describe('failing sources', () => {
  it('reports a broken feed, an unreachable URL and a wrong path in one line each, and goes on', async () => {
    const dir = copyDemo(tempFolder('newsmill-run-all-'));
    const port = await deadLoopbackPort();
    const broken = path.resolve('src/pipeline/testdata/broken.xml');
    const text = `
output: { hexo: hexo }
sources:
  - { url: ${JSON.stringify(broken)}, categories: [a, broken, x] }
  - { url: "http://127.0.0.1:${port}/feed.xml", categories: [a, unreachable, x] }
  - { url: feeds/missing.xml, categories: [a, missing, x] }
  - { url: feeds/zaker.xml, categories: [新媒体, ZAKER, source] }
  - { url: feeds/dockone.json, categories: [编程, Dockone, 周报] }
`;
    const config = parseConfigText(text, path.join(dir, 'newsmill.yaml'), {});
    const store = openTestStore(storeFileOf(config));
    const summary = await runAllSources({ config, store });
    expect(summary.sourcesFailed).toBe(3);
    expect(summary.sourcesOk).toBe(2);
    const lines = summary.outcomes.filter((o) => o.error).map((o) => describeOutcome(o));
    expect(lines).toHaveLength(3);
    for (const outcomeLines of lines) expect(outcomeLines).toHaveLength(1);
    expect(lines[0]?.[0]).toMatch(
      new RegExp(`^failed ${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*not a feed`, 'i'),
    );
    expect(lines[1]?.[0]).toMatch(
      new RegExp(`^failed http://127\\.0\\.0\\.1:${port}/feed\\.xml: .*refused`, 'i'),
    );
    expect(lines[2]?.[0]).toMatch(/^failed feeds\/missing\.xml: .*missing\.xml/);
    const posts = listFiles(path.join(dir, 'hexo/source/_posts'));
    expect(posts.filter((p) => p.startsWith('新媒体/ZAKER/'))).toHaveLength(5);
    expect(posts.filter((p) => p.startsWith('编程/Dockone/'))).toHaveLength(4);
    expect(posts).toHaveLength(9);
  });
});
