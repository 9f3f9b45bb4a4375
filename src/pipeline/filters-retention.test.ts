import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import { copyDemo, listFiles } from '../test-support/demo-site.js';
import { startLoopbackServer } from '../test-support/loopback-server.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { openTestStore } from '../test-support/test-store.js';
import { applyRetention } from './apply-retention.js';
import { runAllSources } from './run-all.js';
import { storeFileOf } from '../test-support/store-file.js';

function setup(text: string) {
  const dir = copyDemo(tempFolder('newsmill-filters-'));
  const config = parseConfigText(text, path.join(dir, 'newsmill.yaml'), {});
  return { dir, config, store: openTestStore(storeFileOf(config)) };
}

describe('filters in a run', () => {
  it('drops matching items, counts them, and publishes the rest', async () => {
    const { config, store } = setup(`output: { hexo: hexo }
filters: { exclude: { title: ['寒潮'] } }
sources:
  - url: feeds/zaker.xml
    categories: [新媒体, ZAKER, source]
    filters: { exclude: { content: ['/新能源/'] } }
  - { url: feeds/juejin.xml, categories: [编程, 掘金, 热门] }
`);
    const summary = await runAllSources({ config, store });
    expect(summary.itemsFiltered).toBe(2);
    expect(summary.outcomes[0]?.filtered.map((f) => f.reason)).toEqual([
      'excluded by title pattern 寒潮',
      'excluded by content pattern /新能源/',
    ]);
    const titles = (await store.listItems('feeds/zaker.xml')).map((i) => i.title ?? '');
    expect(titles).toHaveLength(3);
    expect(titles.some((t) => t.includes('寒潮'))).toBe(false);
  });
});

describe('retention in a run', () => {
  it('keeps the newest items per source, deletes only the posts newsmill wrote, and does not take pruned items back', async () => {
    const { dir, config, store } = setup(`output: { hexo: hexo }
retention: { maxItemsPerSource: 2 }
sources:
  - { url: feeds/zaker.xml, categories: [新媒体, ZAKER, source] }
  - { url: feeds/juejin.xml, categories: [编程, 掘金, 热门] }
`);
    const postsDir = path.join(dir, 'hexo/source/_posts');
    const foreign = path.join(postsDir, '新媒体/ZAKER/source/hand-written.md');
    const first = await runAllSources({ config, store });
    writeFileSync(foreign, 'mine');
    expect(first.itemsNew).toBe(9);
    expect(first.itemsPruned).toBe(5);
    expect(first.filesRemoved).toBe(5);
    expect((await store.listItems('feeds/zaker.xml')).length).toBe(2);
    expect(listFiles(postsDir).filter((f) => f.endsWith('.md'))).toHaveLength(5);
    expect(readFileSync(foreign, 'utf8')).toBe('mine');

    const second = await runAllSources({ config, store });
    expect(second).toMatchObject({ itemsNew: 0, filesWritten: 0, itemsPruned: 0 });
    expect(second.outcomes.reduce((n, o) => n + o.itemsExpired, 0)).toBe(5);
  });
});

describe('retention with a post that cannot be deleted', () => {
  it('keeps the item and its record until the file goes, so no post is orphaned', async () => {
    const { dir, config, store } = setup(`output: { hexo: hexo }
sources:
  - { url: feeds/zaker.xml, categories: [新媒体, ZAKER, source] }
`);
    await runAllSources({ config, store });
    const policy = { maxAgeDays: null, maxItemsPerSource: 2 };
    const victim = (await store.findExpiredItems(policy, new Date().toISOString()))[0];
    const recorded = victim?.outputs[0]?.file ?? '';
    const file = path.join(dir, 'hexo/source/_posts', recorded);
    // A folder where the post was: removing it without recursion fails, as a locked file would.
    rmSync(file);
    mkdirSync(path.join(file, 'stuck'), { recursive: true });
    const first = await applyRetention(config, store, policy, { dryRun: false });
    expect(first.kept.map((entry) => entry.item.identity)).toEqual([victim?.identity]);
    expect(first.expired.length).toBeGreaterThan(0);
    expect(first.expired.map((item) => item.identity)).not.toContain(victim?.identity);
    expect(await store.getOutputFile('hexo', victim?.sourceKey ?? '', victim?.identity ?? '')).toBe(recorded);

    rmSync(file, { recursive: true });
    writeFileSync(file, 'post');
    const second = await applyRetention(config, store, policy, { dryRun: false });
    expect(second.expired.map((item) => item.identity)).toEqual([victim?.identity]);
    expect(second.kept).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });
});

describe('full text in a run', () => {
  it('publishes the article extracted from each page instead of the feed summary', async () => {
    const article =
      '<p>' + '这是全文内容，包含了完整的报道细节和背景分析，供读者深入了解事件经过。'.repeat(5) + '</p>';
    const server = await startLoopbackServer((request, response) => {
      if (request.url === '/feed.xml') {
        const items = [1, 2]
          .map(
            (i) =>
              `<item><title>文章 ${i}</title><link>http://127.0.0.1:${(request.socket.localPort ?? 0).toString()}/a/${i}</link><guid>g${i}</guid><description>只有摘要</description></item>`,
          )
          .join('');
        response.end(
          `<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>${items}</channel></rss>`,
        );
      } else {
        response.setHeader('content-type', 'text/html; charset=utf-8');
        response.end(
          `<html><head><title>t</title></head><body><nav>导航</nav><article>${article}</article></body></html>`,
        );
      }
    });
    try {
      const { dir, config, store } = setup(`output: { hexo: hexo }
sources:
  - { url: "${server.url}/feed.xml", categories: [a, b, c], fulltext: true }
`);
      const summary = await runAllSources({ config, store });
      expect(summary.outcomes[0]?.warnings).toEqual([]);
      const items = await store.listItems(`${server.url}/feed.xml`);
      expect(items.map((i) => i.content?.includes('完整的报道细节'))).toEqual([true, true]);
      const posts = listFiles(path.join(dir, 'hexo/source/_posts'));
      expect(readFileSync(path.join(dir, 'hexo/source/_posts', posts[0] ?? ''), 'utf8')).toContain(
        '完整的报道细节',
      );
    } finally {
      await server.close();
    }
  });

  it("keeps to fetch.perHost where one source's pages and another's feed share a host", async () => {
    // `news` serves articles and its own, slow feed; `hub` serves a feed (as RSSHub would) whose
    // items link to those articles. Feed and page requests to `news` share one limit.
    let inFlight = 0;
    let peak = 0;
    const article = '<p>' + '这是全文内容，包含了完整的报道细节和背景分析。'.repeat(6) + '</p>';
    const news = await startLoopbackServer((request, response) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      const done = (): void => void inFlight--;
      if (request.url === '/slow.xml')
        setTimeout(() => {
          done();
          response.end('<?xml version="1.0"?><rss version="2.0"><channel><title>S</title></channel></rss>');
        }, 400);
      else
        setTimeout(() => {
          done();
          response.setHeader('content-type', 'text/html; charset=utf-8');
          response.end(
            `<html><head><title>t</title></head><body><article>${article}</article></body></html>`,
          );
        }, 50);
    });
    const hub = await startLoopbackServer((_request, response) => {
      const items = [1, 2, 3]
        .map(
          (i) =>
            `<item><title>文章 ${i}</title><link>${news.url}/a/${i}</link><guid>g${i}</guid><description>摘要</description></item>`,
        )
        .join('');
      response.end(
        `<?xml version="1.0"?><rss version="2.0"><channel><title>H</title>${items}</channel></rss>`,
      );
    });
    try {
      const { config, store } = setup(`output: { hexo: hexo }
fetch: { perHost: 1 }
sources:
  - { url: "${news.url}/slow.xml", categories: [a, b, c] }
  - { url: "${hub.url}/feed.xml", categories: [a, b, d], fulltext: true }
`);
      const summary = await runAllSources({ config, store });
      expect(summary.sourcesOk).toBe(2);
      expect(summary.outcomes[1]?.warnings).toEqual([]);
      expect(peak).toBe(1);
    } finally {
      await news.close();
      await hub.close();
    }
  });

  it('does not fetch the pages of items retention removed when their feed still lists them', async () => {
    const pageHits: string[] = [];
    const server = await startLoopbackServer((request, response) => {
      if (request.url === '/feed.xml') {
        const items = [3, 2, 1]
          .map(
            (i) =>
              `<item><title>文章 ${i}</title><link>http://127.0.0.1:${(request.socket.localPort ?? 0).toString()}/a/${i}</link><guid>g${i}</guid><pubDate>Mon, 0${i} Jan 2024 00:00:00 GMT</pubDate><description>摘要</description></item>`,
          )
          .join('');
        response.end(
          `<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>${items}</channel></rss>`,
        );
      } else {
        pageHits.push(request.url ?? '');
        response.setHeader('content-type', 'text/html; charset=utf-8');
        response.end(
          `<html><head><title>t</title></head><body><article><p>${'正文内容，足够长的文章段落。'.repeat(12)}</p></article></body></html>`,
        );
      }
    });
    try {
      const { config, store } = setup(`output: { hexo: hexo }
retention: { maxItemsPerSource: 1 }
sources:
  - { url: "${server.url}/feed.xml", categories: [a, b, c], fulltext: true }
`);
      const first = await runAllSources({ config, store });
      expect(first.itemsPruned).toBe(2);
      expect(pageHits.sort()).toEqual(['/a/1', '/a/2', '/a/3']);
      const second = await runAllSources({ config, store, force: true });
      expect(second.outcomes[0]?.itemsExpired).toBe(2);
      expect(pageHits).toHaveLength(3);
    } finally {
      await server.close();
    }
  });
});
