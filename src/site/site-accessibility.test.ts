import axe from 'axe-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../test-support/chromium.js';
import { startSiteTour, TOUR, tourContext, type SiteTour } from '../test-support/site-tour.js';

let tour: SiteTour;
let browser: Browser;

beforeAll(async () => {
  tour = await startSiteTour();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await tour?.dispose();
});

interface AxeViolation {
  id: string;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

const LAYOUTS = [
  { width: 1280, height: 900, scheme: 'light' },
  { width: 1280, height: 900, scheme: 'dark' },
  { width: 390, height: 844, scheme: 'light' },
  { width: 390, height: 844, scheme: 'dark' },
] as const;

describe('every page type under axe-core in Chromium', () => {
  it('has no WCAG 2.1 A or AA violation, on desktop and phone, light and dark', async () => {
    const found: string[] = [];
    let checked = 0;
    for (const layout of LAYOUTS) {
      const context = await tourContext(
        (options) => browser.newContext(options),
        layout.width,
        layout.height,
        layout.scheme,
      );
      const page = await context.newPage();
      for (const stop of TOUR) {
        await stop.open(page, tour.base);
        await page.addScriptTag({ content: axe.source });
        const violations = await page.evaluate<AxeViolation[]>(`axe
          .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
          .then((result) => result.violations.map(({ id, help, nodes }) => ({ id, help, nodes: nodes.map(({ target }) => ({ target })) })))`);
        checked++;
        for (const violation of violations)
          found.push(
            `${stop.name} ${layout.width}px ${layout.scheme}: ${violation.id} (${violation.help}) at ${violation.nodes
              .slice(0, 3)
              .map((node) => JSON.stringify(node.target))
              .join(', ')}`,
          );
      }
      await context.close();
    }
    expect(checked).toBe(TOUR.length * LAYOUTS.length);
    expect(found).toEqual([]);
  }, 120_000);
});
