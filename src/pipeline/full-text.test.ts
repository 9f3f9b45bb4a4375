import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import type { FeedItem } from '../core/model.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server.js';
import { addFullText } from './full-text.js';
import { createHostSemaphore } from './host-semaphore.js';

const body =
  '<p>' + '开源数据库发布三点零版本，正式支持向量化执行引擎，查询性能显著提升。'.repeat(4) + '</p>';
const page = (title: string): string =>
  `<html><head><title>${title}</title></head><body><nav>菜单</nav><article><h1>${title}</h1>${body}<img src="img/a.png"><p>${body}</p></article><footer>页脚</footer></body></html>`;

let server: LoopbackServer;
let inFlight = 0;
let peak = 0;
const hits = new Map<string, number>();
beforeAll(async () => {
  server = await startLoopbackServer((request, response) => {
    const path = request.url ?? '';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    inFlight++;
    peak = Math.max(peak, inFlight);
    setTimeout(() => {
      inFlight--;
      if (path.startsWith('/missing')) {
        response.writeHead(404).end('gone');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(`文章 ${path}`));
    }, 20);
  });
});
afterAll(async () => server.close());

const item = (path: string): FeedItem => ({
  id: path,
  title: `t${path}`,
  link: `${server.url}${path}`,
  published: null,
  updated: null,
  author: null,
  summary: '<p>摘要</p>',
  content: null,
  categories: [],
  enclosures: [],
  image: null,
  baseUrl: null,
});

describe('addFullText', () => {
  it('replaces summaries with the extracted article, caches pages, keeps the summary when a page fails', async () => {
    const config = parseConfigText('fetch: { retries: 1, perHost: 2 }', '/x/newsmill.yaml', {});
    const store = openSqliteStore(':memory:');
    const hosts = createHostSemaphore(config.fetch.perHost);
    const warnings: string[] = [];
    const items = ['/a', '/b', '/c', '/d', '/missing'].map(item);
    const result = await addFullText(items, { selector: null }, { config, store, hosts }, warnings);
    expect(result[0]?.content).toContain('向量化执行引擎');
    expect(result[0]?.content).not.toContain('页脚');
    expect(result[0]?.baseUrl).toBe(`${server.url}/a`);
    expect(result[4]).toBe(items[4]);
    expect(warnings).toEqual([
      expect.stringMatching(/^full text of "t\/missing" unavailable, keeping the feed text: .*HTTP 404/),
    ]);
    expect(peak).toBeLessThanOrEqual(2);

    await addFullText(items.slice(0, 1), { selector: null }, { config, store, hosts }, []);
    expect(hits.get('/a')).toBe(1);
    await store.close();
  });

  it('uses the source selector', async () => {
    const config = parseConfigText('fetch: { retries: 1 }', '/x/newsmill.yaml', {});
    const store = openSqliteStore(':memory:');
    const [result] = await addFullText(
      [item('/sel')],
      { selector: 'footer' },
      { config, store, hosts: createHostSemaphore(2) },
      [],
    );
    expect(result?.content).toBe('<footer>页脚</footer>');
    await store.close();
  });
});
