import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../test-support/chromium.js';
import { startSiteTour, tourContext, type SiteTour } from '../test-support/site-tour.js';

let tour: SiteTour;
let browser: Browser;

beforeAll(async () => {
  tour = await startSiteTour();
  // The service worker runs here, so no name resolves but loopback's: nothing leaves the machine,
  // whichever of the page and the worker asks.
  browser = await launchChromium(['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1']);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await tour?.dispose();
});

describe('the site offline', () => {
  it('installs as an app, and keeps the shell and the pages read for reading offline', async () => {
    const context = await tourContext(
      (options) => browser.newContext({ ...options, serviceWorkers: 'allow' }),
      1280,
      900,
      'light',
    );
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${tour.base}/`);
    const manifest = await page.evaluate<{ name: string; start_url: string; icons: Array<{ src: string }> }>(
      "fetch(document.querySelector('link[rel=manifest]').href).then((response) => response.json())",
    );
    expect(manifest).toMatchObject({ name: 'newsmill demo', start_url: './', display: 'standalone' });
    const icon = await page.evaluate<string>(
      `fetch(new URL(${JSON.stringify(manifest.icons[0]?.src)}, document.querySelector('link[rel=manifest]').href)).then((response) => response.headers.get('content-type'))`,
    );
    expect(icon).toBe('image/svg+xml');
    // Controlled once the worker is active (it claims the open pages).
    await expect.poll(() => page.evaluate('Boolean(navigator.serviceWorker.controller)')).toBe(true);
    const posts = page.locator('.post-card h2 a');
    const read = new URL((await posts.nth(0).getAttribute('href')) ?? '', page.url()).href;
    const unread = new URL((await posts.nth(1).getAttribute('href')) ?? '', page.url()).href;
    await page.goto(read);
    const title = await page.locator('h1').textContent();
    await page.goto(`${tour.base}/`);

    await context.setOffline(true);
    await page.goto(read);
    expect(await page.locator('h1').textContent()).toBe(title);
    // With its stylesheet, from the kept shell.
    expect(await page.evaluate("getComputedStyle(document.querySelector('.site-header')).display")).toBe(
      'flex',
    );
    await page.goto(unread);
    expect(await page.locator('h1').textContent()).toBe('离线中');
    expect(await page.evaluate("getComputedStyle(document.querySelector('.site-header')).display")).toBe(
      'flex',
    );
    await page.goto(`${tour.base}/`);
    expect(await page.locator('.post-card').count()).toBeGreaterThan(0);

    await context.setOffline(false);
    await page.goto(unread);
    expect(await page.locator('h1').textContent()).not.toBe('离线中');
    expect(errors).toEqual([]);
    await context.close();
  });
});
