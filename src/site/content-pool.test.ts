import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { processItemContent } from '../content/process-content.js';
import type { FeedItem } from '../core/model.js';
import { repoRoot } from '../test-support/demo-site.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { ContentPool } from './content-pool.js';
import type { ContentOptions } from '../content/process-content.js';
import { articlePlainText } from '../content/article-text.js';
import { buildSearchBlock } from './search/search-index.js';

// The built pool: from TypeScript sources it never starts workers, so this is the threaded path.
const threads = (await import(pathToFileURL(path.join(repoRoot, 'dist/site/content-pool.js')).href)) as {
  createContentPool: () => ContentPool;
  MIN_THREADED_JOBS: number;
};
const { createContentPool } = threads;

const job = (n: number): { item: FeedItem; options: ContentOptions } => {
  const item: FeedItem = {
    id: `a${n}`,
    title: `第 ${n} 篇`,
    link: `https://news.example.cn/a/${n}`,
    published: '2021-12-16T03:28:08.000Z',
    updated: null,
    author: null,
    summary: null,
    content: `<p onclick="x()">正文 ${n}<script>alert(1)</script><img data-original="http://img.example.cn/${n}.jpg"></p>`,
    categories: [],
    enclosures: [],
    image: null,
    baseUrl: null,
  };
  return {
    item,
    options: {
      images: {
        mode: 'all',
        target: { kind: 'template', template: 'https://cors.example.workers.dev/?{url}' },
      },
      coverFallback: 'https://picsum.photos/400/300?random={n}',
      sourceKey: 'feeds/a.xml',
      identity: `id:a${n}`,
      iframeHosts: [],
    },
  };
};

const layout = { start: 0, size: 2, buckets: 8 };
const shown = { top: 'a', snippet: '摘要', cover: null, tone: 3 };
const docs = [
  {
    title: '新能源车企',
    text: '电池原材料成本上涨',
    path: 'posts/a/',
    day: '2021-12-16',
    category: 'a / b / c',
    ...shown,
  },
  {
    title: 'Rust 重写',
    text: '内存占用下降',
    path: 'posts/b/',
    day: '2021-12-17',
    category: 'a / b / c',
    ...shown,
  },
];

describe('the built content pool', () => {
  it('builds index blocks on worker threads exactly as in-process', async () => {
    const pool = createContentPool();
    try {
      pool.expect(threads.MIN_THREADED_JOBS);
      expect(pool.threaded).toBe(true);
      expect(await pool.searchBlock(layout, docs)).toEqual(buildSearchBlock(layout, docs));
    } finally {
      await pool.close();
    }
  });

  it('fails the task with the worker’s error instead of hanging', async () => {
    const pool = createContentPool();
    try {
      pool.expect(threads.MIN_THREADED_JOBS);
      // A real store's reader, whose file is gone by the time the worker opens it.
      const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-pool-gone-'));
      const gone = openSqliteStore(path.join(dir, 'store.db'));
      const reader = gone.itemReaderSpec?.();
      await gone.close();
      rmSync(dir, { recursive: true, force: true });
      if (!reader) throw new Error('a file store can be shared');
      const header = {
        sourceKey: 'a',
        identity: 'id:a',
        title: null,
        link: null,
        published: null,
        updated: null,
        firstSeenAt: '2021-01-01T00:00:00.000Z',
        changedAt: '2021-01-01T00:00:00.000Z',
      };
      await expect(
        pool.load(reader, [{ item: header, html: true, options: job(1).options }]),
      ).rejects.toThrow();
    } finally {
      await pool.close();
    }
  });

  it('has workers read articles from the store file themselves, deleted ones as empty articles', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-pool-'));
    const store = openSqliteStore(path.join(dir, 'store.db'));
    const pool = createContentPool();
    try {
      await store.registerSource({ key: 'feeds/a.xml', location: '/a.xml', categories: ['a'] });
      const jobs = Array.from({ length: 450 }, (_, n) => job(n));
      await store.saveItems(
        'feeds/a.xml',
        jobs.map((entry) => ({ identity: entry.options.identity, item: entry.item })),
        '2021-12-16T03:28:08.000Z',
      );
      const headers = await store.listItemHeaders();
      const gone = { ...(headers[0] as (typeof headers)[number]), identity: 'id:gone' };
      pool.expect(threads.MIN_THREADED_JOBS);
      expect(pool.threaded).toBe(true);
      const reader = store.itemReaderSpec?.();
      if (!reader) throw new Error('a file store can be shared');
      const loads = [...headers, gone].map((item, n) => ({
        item,
        html: n % 2 === 0,
        options: job(n).options,
      }));
      const loaded = await pool.load(reader, loads);
      const stored = await store.getItems(headers);
      stored.forEach((item, n) => {
        if (!item) throw new Error('stored item missing');
        expect(loaded[n]?.text).toBe(articlePlainText(item));
        if (n % 2 === 0) expect(loaded[n]?.content?.html).not.toMatch(/script|onclick/);
        if (n % 2 === 0)
          expect(loaded[n]?.content).toEqual(processItemContent(item, loads[n]?.options ?? job(n).options));
        else expect(loaded[n]?.content).toBeNull();
      });
      expect(loaded[headers.length]?.text).toBe('');
    } finally {
      await pool.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
