/**
 * `npm run screenshots`: the built demo site in Debian's Chromium, every page type at 1280×900 and
 * 390×844, light and dark, saved as `screenshots/<page>-<width>-<scheme>.png` for a reviewer to look
 * at. Chinese needs a CJK font (Debian's `fonts-noto-cjk`); without one it renders as boxes, so the
 * script refuses to take pictures that would mislead.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchChromium } from '../src/test-support/chromium.ts';
import { repoRoot } from '../src/test-support/demo-site.ts';
import { startSiteTour, TOUR, tourContext } from '../src/test-support/site-tour.ts';

const LAYOUTS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
] as const;

function missingPrerequisites(): string[] {
  const missing: string[] = [];
  if (!existsSync('/usr/bin/chromium')) missing.push('chromium');
  let fonts = '';
  try {
    fonts = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  } catch {
    // No fontconfig: no way to tell, and Chromium would have no CJK font either.
  }
  if (fonts.trim() === '') missing.push('fonts-noto-cjk');
  return missing;
}

async function main(): Promise<void> {
  const missing = missingPrerequisites();
  if (missing.length > 0) {
    console.error(
      `screenshots: missing ${missing.join(' and ')}; install with: apt-get install ${missing.join(' ')}`,
    );
    process.exit(1);
  }
  const out = path.join(repoRoot, 'screenshots');
  mkdirSync(out, { recursive: true });
  const tour = await startSiteTour();
  const browser = await launchChromium();
  try {
    for (const layout of LAYOUTS)
      for (const scheme of ['light', 'dark'] as const) {
        const context = await tourContext(
          (options) => browser.newContext(options),
          layout.width,
          layout.height,
          scheme,
        );
        const page = await context.newPage();
        for (const stop of TOUR) {
          await stop.open(page, tour.base);
          const file = path.join(out, `${stop.name}-${layout.width}-${scheme}.png`);
          await page.screenshot({ path: file });
          console.log(path.relative(repoRoot, file));
        }
        await context.close();
      }
  } finally {
    await browser.close();
    await tour.dispose();
  }
}

await main();
