import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { FeedItem } from '../core/model.js';
import { createStaticSiteHandler } from '../site/static-server.js';
import { prepareDemoStore, type DemoStore } from './demo-build.js';
import { repoRoot } from './demo-site.js';
import { startLoopbackServer, type LoopbackServer } from './loopback-server.js';

/**
 * The bundled demo, built by the shipped CLI and served on loopback, with one story told by three
 * sources so that a post shows "also in": what the accessibility test checks and the screenshots
 * show, page type by page type.
 */
export interface SiteTour {
  server: LoopbackServer;
  /** The site's address: the server's, under the site URL's path as it is deployed (no `/` at the end). */
  base: string;
  dispose(): Promise<void>;
}

/** One kind of page and how a reader reaches it. */
export interface TourStop {
  name: string;
  /** Opens the page in `page` and waits until what it shows is there. */
  open(page: Page, base: string): Promise<void>;
}

const story = (id: string, link: string): FeedItem => ({
  id,
  title: '芯片出口新规落地：三家媒体的报道',
  link,
  published: '2021-12-16T09:30:00.000Z',
  updated: null,
  author: null,
  summary: null,
  content:
    '<p>新规自下月起施行，涉及先进制程设备与相关技术服务。</p><blockquote>业内人士认为影响有限。</blockquote>',
  categories: [],
  enclosures: [],
  image: null,
  baseUrl: null,
});

export async function startSiteTour(): Promise<SiteTour> {
  const demo: DemoStore = await prepareDemoStore(5);
  const copies: Array<[string, string, string]> = [
    ['feeds/36kr.xml', 'https://www.example.com/chips/rules', '2021-12-16T10:00:00.000Z'],
    [
      'feeds/cnbeta-gbk.xml',
      'https://example.com/chips/rules/?utm_source=cnbeta',
      '2021-12-16T10:05:00.000Z',
    ],
    ['feeds/zaker.xml', 'https://amp.example.com/chips/rules', '2021-12-16T10:10:00.000Z'],
  ];
  for (const [source, link, seen] of copies)
    await demo.store.saveItems(source, [{ identity: `id:tour-${source}`, item: story(source, link) }], seen);
  execFileSync(
    process.execPath,
    [path.join(repoRoot, 'bin/newsmill.js'), 'build', '--config', path.join(demo.dir, 'newsmill.yaml')],
    { stdio: 'pipe' },
  );
  // Served under the site URL's path, as deployed: the 404 page's links start there, whatever URL it answers.
  const basePath = new URL(demo.config.site.url).pathname;
  const handler = createStaticSiteHandler({ root: demo.config.output.site, basePath });
  const server = await startLoopbackServer((request, response) => void handler(request, response));
  return {
    server,
    base: `${server.url}${basePath.replace(/\/$/, '')}`,
    async dispose() {
      await server.close();
      await demo.dispose();
    },
  };
}

/** Follows the first link `selector` finds on the page at `from`. */
async function follow(page: Page, from: string, selector: string): Promise<void> {
  await page.goto(from);
  const href = await page.locator(selector).first().getAttribute('href');
  await page.goto(new URL(href ?? '', page.url()).href);
}

/** Home, a category, a post, search with results, the archives, the 404 page and the offline page. */
export const TOUR: readonly TourStop[] = [
  { name: 'home', open: async (page, base) => void (await page.goto(`${base}/`)) },
  { name: 'category', open: (page, base) => follow(page, `${base}/`, '.site-nav a') },
  { name: 'post', open: (page, base) => follow(page, `${base}/`, '.post-card h2 a') },
  {
    name: 'search',
    async open(page, base) {
      await page.goto(`${base}/search/?q=${encodeURIComponent('容器镜像')}`);
      await page.locator('#search-results li').first().waitFor();
    },
  },
  { name: 'archives', open: async (page, base) => void (await page.goto(`${base}/archives/`)) },
  { name: '404', open: async (page, base) => void (await page.goto(`${base}/no/such/page/`)) },
  { name: 'offline', open: async (page, base) => void (await page.goto(`${base}/offline.html`)) },
];

/** A browser context of the given size and colour scheme that reaches the loopback server only. */
export async function tourContext(
  newContext: (options: object) => Promise<BrowserContext>,
  width: number,
  height: number,
  colorScheme: 'light' | 'dark',
): Promise<BrowserContext> {
  const context = await newContext({ viewport: { width, height }, colorScheme, serviceWorkers: 'block' });
  // Remote pictures stay offline: a card shows its source's placeholder, as when a host is down.
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    return url.hostname === '127.0.0.1' || url.protocol === 'data:' ? route.continue() : route.abort();
  });
  return context;
}
