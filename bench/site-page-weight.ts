import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** What issue #23 budgets, before compression: a list page of 20 posts, the stylesheet, each script. */
const BUDGETS = { listPageKb: 60, cssKb: 20, jsKb: 20 };

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const cards = (html: string): number => html.match(/class="post-card"/g)?.length ?? 0;

/**
 * Rows of the page-weight table for a built site: the home page (perPage to 2×perPage−1 posts),
 * `page/1.html` (exactly perPage posts, the budget's 20 at the default), the stylesheet and each
 * script, with the budget each must stay under.
 */
export function pageWeightRows(site: string, size: number): string[] {
  const rows: string[] = [];
  const row = (file: string, what: string, bytes: number, budgetKb: number): void => {
    const verdict = bytes <= budgetKb * 1024 ? 'within' : 'OVER';
    rows.push(
      `| ${size.toLocaleString('en-US')} | ${file} | ${what} | ${kb(bytes)} | ${budgetKb} KB | ${verdict} |`,
    );
  };
  const home = readFileSync(path.join(site, 'index.html'), 'utf8');
  const perTwenty = (Buffer.byteLength(home) / Math.max(1, cards(home))) * 20;
  row(
    'index.html',
    `${cards(home)} posts (per 20: ${kb(perTwenty)})`,
    Buffer.byteLength(home),
    (BUDGETS.listPageKb * cards(home)) / 20,
  );
  const first = path.join(site, 'page/1.html');
  if (existsSync(first)) {
    const html = readFileSync(first, 'utf8');
    row('page/1.html', `${cards(html)} posts`, Buffer.byteLength(html), BUDGETS.listPageKb);
  }
  for (const name of readdirSync(path.join(site, 'assets')).sort()) {
    const bytes = statSync(path.join(site, 'assets', name)).size;
    if (name.endsWith('.css')) row(`assets/${name}`, 'stylesheet', bytes, BUDGETS.cssKb);
    else if (name.endsWith('.js')) row(`assets/${name}`, 'script', bytes, BUDGETS.jsKb);
  }
  const worker = path.join(site, 'sw.js');
  if (existsSync(worker)) row('sw.js', 'service worker', statSync(worker).size, BUDGETS.jsKb);
  return rows;
}

export const PAGE_WEIGHT_HEADER =
  '\n| items | file | what | size | budget | verdict |\n| --- | --- | --- | --- | --- | --- |';
