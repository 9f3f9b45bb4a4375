import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../test-support/chromium.js';
import { repoRoot } from '../test-support/demo-site.js';
import { startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server.js';
import { createStaticSiteHandler } from './static-server.js';
import { prepareDemoStore, type DemoStore } from '../test-support/demo-build.js';

const artifacts = path.join(repoRoot, 'test-artifacts');
const bin = path.join(repoRoot, 'bin/newsmill.js');
let demo: DemoStore;
let server: LoopbackServer;
let browser: Browser;

beforeAll(async () => {
  demo = await prepareDemoStore(5);
  // The shipped command builds it: the bundled CLI embeds its own copy of the search tokenizer.
  execFileSync(process.execPath, [bin, 'build', '--config', path.join(demo.dir, 'newsmill.yaml')], {
    stdio: 'pipe',
  });
  const handler = createStaticSiteHandler({ root: demo.config.output.site });
  server = await startLoopbackServer((request, response) => void handler(request, response));
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await demo?.dispose();
});

/** A page that may talk to the loopback server only and records every console error and page error. */
async function openPage(width: number, javaScriptEnabled = true): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    serviceWorkers: 'block',
    javaScriptEnabled,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    return url.hostname === '127.0.0.1' || url.protocol === 'data:' ? route.continue() : route.abort();
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Remote images are blocked on purpose (tests stay offline); their load failures are not site errors.
    const source = message.location().url;
    if (/net::ERR_FAILED/.test(message.text()) && source && !source.startsWith(server.url)) return;
    errors.push(`${message.text()} (${source})`);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('requestfailed', (request) => {
    // A navigation cancels what the page still loads (its icon, say): not a failure of the site.
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
    if (request.url().startsWith(server.url)) errors.push(`request failed: ${request.url()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()} ${response.url()}`);
  });
  return { page, errors };
}

describe('the built demo site in Chromium', () => {
  it('walks home → page 3 → page 2 → a category → a post, with no console errors', async () => {
    const { page, errors } = await openPage(1280);
    await page.goto(`${server.url}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.locator('.post-card').count()).toBe(9);
    // The home page's heading is the site's name, already in the header: there for screen readers only.
    expect(await page.getByRole('heading', { level: 1, name: 'newsmill demo' }).count()).toBe(1);
    expect(await page.locator('main h1').boundingBox()).toMatchObject({ height: 1 });
    await page.screenshot({ path: path.join(artifacts, 'site-home-desktop.png'), fullPage: true });
    await page.getByRole('link', { name: '较早 →' }).click();
    await expect.poll(() => page.url()).toBe(`${server.url}/page/3.html`);
    await page.getByRole('link', { name: '较早 →' }).click();
    await expect.poll(() => page.url()).toBe(`${server.url}/page/2.html`);
    expect(await page.locator('.post-card').count()).toBe(5);
    await page.getByRole('navigation', { name: '分类' }).getByRole('link', { name: '编程' }).click();
    await expect.poll(() => decodeURIComponent(page.url())).toBe(`${server.url}/categories/编程/`);
    expect(await page.locator('h1').textContent()).toBe('编程');
    const title = (await page.locator('.post-card h2 a').first().textContent()) ?? '';
    await page.locator('.post-card h2 a').first().click();
    await expect.poll(() => page.url()).toMatch(/\/posts\/[0-9a-f]{12}\.html$/);
    expect(await page.locator('h1').textContent()).toBe(title);
    expect(await page.locator('main article .article-body').count()).toBe(1);
    const images = await page
      .locator('img')
      .evaluateAll((nodes) =>
        nodes.map((node) => [
          node.getAttribute('referrerpolicy'),
          node.getAttribute('alt'),
          node.getAttribute('loading'),
        ]),
      );
    expect(images.length).toBeGreaterThan(0);
    for (const [policy, alt, loading] of images) {
      expect(policy).toBe('no-referrer');
      expect(alt).not.toBeNull();
      expect(loading).toBe('lazy');
    }
    await page.screenshot({ path: path.join(artifacts, 'site-post-desktop.png'), fullPage: true });
    // A reading column of 35–42 CJK characters a line (each is one em wide), not the page's width.
    const perLine = await page.evaluate<number>(
      "(() => { const body = document.querySelector('.article-body'); return body.clientWidth / parseFloat(getComputedStyle(body).fontSize); })()",
    );
    expect(perLine).toBeGreaterThanOrEqual(35);
    expect(perLine).toBeLessThanOrEqual(42);
    // Keyboard users reach the skip link first, and it moves focus to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.className')).toBe('skip-link');
    expect(errors).toEqual([]);
  });

  it('shows a card’s placeholder where its picture cannot load, with no broken-image icon', async () => {
    // Remote pictures are blocked here, so every card's picture fails as an unreachable host would.
    const { page } = await openPage(1280);
    await page.goto(`${server.url}/`);
    const cover = page.locator('.post-card .cover:has(img)').first();
    await cover.scrollIntoViewIfNeeded();
    const image = cover.locator('img');
    await expect.poll(() => image.evaluate((node) => (node as { complete: boolean }).complete)).toBe(true);
    expect(await image.evaluate((node) => (node as { naturalWidth: number }).naturalWidth)).toBe(0);
    const tone = await page.evaluate(
      `getComputedStyle(document.querySelector('.post-card .cover:has(img)')).backgroundColor`,
    );
    const shot = await cover.screenshot();
    // Decoded on a blank page of its own: where a broken-image icon would be, the placeholder's colour.
    const blank = await browser.newPage();
    const png = shot.toString('base64');
    const pixel = await blank.evaluate(`(async () => {
      const image = new Image();
      image.src = 'data:image/png;base64,${png}';
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      const [r, g, b] = context.getImageData(12, 12, 1, 1).data;
      return 'rgb(' + r + ', ' + g + ', ' + b + ')';
    })()`);
    await blank.close();
    expect(pixel).toBe(tone);
  });

  it('keeps read state in the browser, moves with j/k (between posts too), opens with o, and searches with /', async () => {
    const { page, errors } = await openPage(1280);
    await page.goto(`${server.url}/`);
    const cards = page.locator('.post-list li[data-post]');
    expect(await page.locator('.post-list li.read').count()).toBe(0);
    // j twice, k once: the first card is current, and o opens it.
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    expect(await cards.nth(0).getAttribute('class')).toContain('current');
    const opened = (await cards.nth(0).getAttribute('data-post')) ?? '';
    await page.keyboard.press('o');
    await expect.poll(() => page.url()).toBe(`${server.url}/${opened}`);
    // Deferred scripts run before DOMContentLoaded: by then the post is marked read.
    await page.waitForLoadState('domcontentloaded');
    expect(await page.evaluate(`localStorage.getItem('newsmill:read')`)).toBe(JSON.stringify([opened]));
    await page.goBack();
    await page.reload();
    expect(await page.locator('.post-list li.read').count()).toBe(1);
    expect(await cards.nth(0).getAttribute('class')).toContain('read');
    // Hide read posts, then mark the whole page read: every card is hidden, and stays so on reload.
    await page.getByRole('button', { name: '隐藏已读' }).click();
    expect(await cards.nth(0).isVisible()).toBe(false);
    await page.getByRole('button', { name: '全部标为已读' }).click();
    await page.reload();
    expect(await page.locator('.post-list li.read').count()).toBe(await cards.count());
    expect(await page.locator('.post-list li[data-post]:visible').count()).toBe(0);
    await page.keyboard.press('/');
    expect(await page.evaluate('document.activeElement?.id')).toBe('site-search');
    // On a post page, j and k go to the older and the newer post, as the home page lists them.
    const second = (await cards.nth(1).getAttribute('data-post')) ?? '';
    await page.goto(`${server.url}/${opened}`);
    await page.keyboard.press('j');
    await expect.poll(() => page.url()).toBe(`${server.url}/${second}`);
    // The URL changes when the navigation commits; the keys are heard once the script has run.
    await page.waitForLoadState('load');
    await page.keyboard.press('k');
    await expect.poll(() => page.url()).toBe(`${server.url}/${opened}`);
    expect(errors).toEqual([]);
  });

  it('shows recent times relative to now, with the exact time as the tooltip', async () => {
    const { page } = await openPage(1280);
    const now = Date.now();
    const cases = [
      [now - 30_000, /秒|现在/],
      [now - 5 * 60_000, /^5\s*分钟前$/],
      [now - 3 * 3_600_000, /^3\s*小时前$/],
      [now - 2 * 86_400_000, /^前天$|^2\s*天前$/],
    ] as const;
    const times = cases.map(([time]) => `<time datetime="${new Date(time).toISOString()}">exact</time>`);
    const old = `<time datetime="2021-12-16T03:28:08.000Z">2021-12-16 11:28</time>`;
    // The search page is the one page with no times of its own; the script is the site's.
    await page.goto(`${server.url}/search/`);
    const reader = await page.locator('script[src*="reader."]').getAttribute('src');
    await page.setContent(
      `<html lang="zh-CN"><body>${times.join('')}${old}<script src="${reader}"></script></body></html>`,
      {
        waitUntil: 'load',
      },
    );
    const shown = await page
      .locator('time')
      .evaluateAll((nodes) => nodes.map((node) => [node.textContent, node.getAttribute('title')]));
    cases.forEach(([, pattern], index) => {
      expect(shown[index]?.[0]).toMatch(pattern);
      expect(shown[index]?.[1]).toBe('exact');
    });
    expect(shown[4]).toEqual(['2021-12-16 11:28', null]);
  });

  it('marks what is new since the last visit, and works without JavaScript as plain pages', async () => {
    const { page } = await openPage(1280);
    // A last visit between the newest post and the others.
    await page.goto(`${server.url}/`);
    const second =
      (await page.locator('.post-list li[data-post] time').nth(1).getAttribute('datetime')) ?? '';
    await page.evaluate(`localStorage.setItem('newsmill:visit', '${Date.parse(second)}')`);
    await page.evaluate(`sessionStorage.clear()`);
    await page.reload();
    const items = await page
      .locator('.post-list > li')
      .evaluateAll((nodes) => nodes.map((node) => (node as unknown as { className: string }).className));
    expect(items.indexOf('since-divider')).toBe(1);
    const { page: noScript } = await openPage(1280, false);
    await noScript.goto(`${server.url}/`);
    expect(await noScript.locator('.post-card').count()).toBe(9);
    expect(await noScript.locator('.reader-tools, .since-divider').count()).toBe(0);
    await noScript.locator('.post-card h2 a').first().click();
    await expect.poll(() => noScript.url()).toMatch(/\/posts\/[0-9a-f]{12}\.html$/);
  });

  it('finds a post by a Chinese word on the search page', async () => {
    const { page, errors } = await openPage(1280);
    await page.goto(`${server.url}/`);
    await page.locator('#site-search').fill('镜像瘦身');
    await page.locator('#site-search').press('Enter');
    await expect.poll(() => page.locator('#search-results li').count()).toBeGreaterThan(0);
    const first = page.locator('#search-results li a').first();
    expect(await first.textContent()).toContain('容器镜像瘦身');
    expect(await page.locator('#search-status').textContent()).toMatch(/找到 \d+ 条结果/);
    // The query's words marked in the title and the snippet; a thumbnail or the source's placeholder.
    const result = page.locator('#search-results li').first();
    expect(await result.locator('h2 mark').allTextContents()).toEqual(['镜像瘦身']);
    expect(await result.locator('.excerpt').textContent()).toMatch(/\S{10}/);
    expect(await result.locator('.cover[data-initial="D"]').count()).toBe(1);
    // Limited to a top category: the demo's dockone post is under 编程, none of it under 科技.
    await page.locator('#search-page-category').selectOption('科技');
    await expect.poll(() => page.locator('#search-status').textContent()).toBe('没有找到结果');
    expect(new URL(page.url()).searchParams.get('c')).toBe('科技');
    await page.locator('#search-page-category').selectOption('编程');
    await expect.poll(() => page.locator('#search-results li').count()).toBeGreaterThan(0);
    expect(await page.locator('#search-results li .meta').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/· 编程 \/ /)]),
    );
    for (const meta of await page.locator('#search-results li .meta').allTextContents())
      expect(meta).toContain('编程 / ');
    // The query and the category come back with the URL.
    await page.reload();
    await expect.poll(() => page.locator('#search-results li').count()).toBeGreaterThan(0);
    expect(await page.locator('#search-page-category').inputValue()).toBe('编程');
    await page.locator('#search-page-category').selectOption('');
    await page.locator('#search-page-input').fill('不存在的词语组合');
    await page.locator('#search-page-input').press('Enter');
    await expect.poll(() => page.locator('#search-status').textContent()).toBe('没有找到结果');
    await page.locator('#search-page-input').fill('Kubernetes');
    await page.locator('#search-page-input').press('Enter');
    await expect.poll(() => page.locator('#search-results li').count()).toBeGreaterThan(0);
    await first.click();
    await expect.poll(() => page.url()).toMatch(/\/posts\/[0-9a-f]{12}\.html$/);
    expect(errors).toEqual([]);
  });

  it('searches again after a file of the index failed to load, without a reload', async () => {
    const { page } = await openPage(1280);
    // The index's entry file fails once, as on a moment offline.
    let failures = 0;
    await page.route(/\/search\/index\.[0-9a-f]+\.json$/, (route) =>
      failures++ === 0 ? route.abort('internetdisconnected') : route.continue(),
    );
    await page.goto(`${server.url}/search/`);
    await page.locator('#search-page-input').fill('镜像瘦身');
    await page.locator('#search-page-input').press('Enter');
    await expect.poll(() => page.locator('#search-status').textContent()).toBe('搜索索引加载失败');
    await page.locator('#search-page-input').press('Enter');
    await expect.poll(() => page.locator('#search-results li').count()).toBeGreaterThan(0);
    expect(failures).toBe(2);
  });

  it('fits a phone screen and serves the 404 page for unknown paths', async () => {
    const { page, errors } = await openPage(390);
    await page.goto(`${server.url}/`);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    // One row: the name, the categories (scrolling sideways), and search behind an icon.
    const header = await page.evaluate<number>("document.querySelector('.site-header').offsetHeight");
    expect(header).toBeLessThanOrEqual(64);
    expect(await page.locator('.site-header .search-form').isVisible()).toBe(false);
    await page.locator('.search-link').click();
    await expect.poll(() => page.url()).toBe(`${server.url}/search/`);
    // Loaded before leaving: a navigation cancels the search script's request, which would count.
    await page.waitForLoadState('load');
    expect(await page.locator('input[type=search]:visible').count()).toBe(1);
    await page.goto(`${server.url}/`);
    await page.screenshot({ path: path.join(artifacts, 'site-home-mobile.png'), fullPage: true });
    await page.locator('.post-card h2 a').first().click();
    await page.screenshot({ path: path.join(artifacts, 'site-post-mobile.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    expect(background).toBe('rgb(18, 20, 23)');
    await page.screenshot({ path: path.join(artifacts, 'site-post-mobile-dark.png') });
    expect(errors).toEqual([]);
    const response = await page.goto(`${server.url}/no/such/page/`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('页面不存在');
  });
});
