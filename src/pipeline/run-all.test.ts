import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { describeOutcome } from '../cli/run-reporter.js';
import { loadConfig, parseConfigText } from '../config/load-config.js';
import { formatPostDate } from '../posts/render-post.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { copyDemo, listFiles } from '../test-support/demo-site.js';
import { deadLoopbackPort } from '../test-support/loopback-server.js';
import { runAllSources } from './run-all.js';

let dir = '';
let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
  rmSync(dir, { recursive: true, force: true });
});

function frontMatter(post: string): Record<string, unknown> {
  const match = /^\n---\n([\s\S]*?)\n---\n/.exec(post);
  if (!match?.[1]) throw new Error('no front matter');
  return parseYaml(match[1]) as Record<string, unknown>;
}

describe('a run over the bundled demo', () => {
  it('writes one post per item, then nothing on the second run', async () => {
    dir = copyDemo();
    const config = loadConfig(path.join(dir, 'newsmill.yaml'), {});
    store = openSqliteStore(config.storePath);
    const first = await runAllSources({ config, store });
    expect(first.outcomes.map((o) => [o.source.key, o.error])).toEqual(
      config.sources.map((s) => [s.key, null]),
    );
    expect(first.sourcesOk).toBe(6);
    // The ZAKER feed declares <ttl>5</ttl>: watch polls it every five minutes (within its bounds).
    expect(first.outcomes.find((o) => o.source.key === 'feeds/zaker.xml')?.pollHintSeconds).toBe(300);
    expect(first.itemsNew).toBeGreaterThanOrEqual(20);
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
    dir = copyDemo();
    const config = loadConfig(path.join(dir, 'newsmill.yaml'), {});
    store = openSqliteStore(config.storePath);
    await runAllSources({ config, store });
    const postsDir = path.join(dir, 'hexo/source/_posts');
    const titles: string[] = [];
    for (const source of config.sources) {
      for (const item of await store.listItems(source.key)) {
        const relative = await store.getOutputFile('hexo', source.key, item.identity);
        const post = readFileSync(path.join(postsDir, relative ?? 'missing'), 'utf8');
        const data = frontMatter(post);
        expect(data).toEqual({
          title: item.title,
          categories: source.categories,
          headimg: data.thumbnail,
          author: source.author,
          comments: false,
          date: formatPostDate(item.published ?? item.firstSeenAt),
          thumbnail: data.headimg,
        });
        expect(post.endsWith('  \n</div>\n            ')).toBe(true);
        titles.push(item.title ?? '');
      }
    }
    // The demo carries the titles that broke the ancestor's YAML.
    expect(titles.some((t) => t.includes("'") && t.includes('"'))).toBe(true);
    expect(titles.some((t) => t.startsWith('- '))).toBe(true);
    expect(titles.some((t) => t.includes('#'))).toBe(true);
  });
});

describe('failing sources', () => {
  it('reports a broken feed, an unreachable URL and a wrong path in one line each, and goes on', async () => {
    dir = copyDemo();
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
    store = openSqliteStore(config.storePath);
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
    expect(posts.filter((p) => p.startsWith('新媒体/ZAKER/')).length).toBeGreaterThan(0);
    expect(posts.filter((p) => p.startsWith('编程/Dockone/')).length).toBeGreaterThan(0);
  });
});
