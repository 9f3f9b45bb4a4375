import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import { parseFeed } from '../parse/parse-feed.js';
import type { Config } from '../config/resolve-config.js';
import { buildSite } from '../site/build-site.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { listFiles } from '../test-support/demo-site.js';
import { runAllSources, type RunSummary } from './run-all.js';
import { storeFileOf } from '../test-support/store-file.js';

// Issue #18, "large items multiply": one 15 MB item (under the 20 MB fetch cap) became 196 MB of
// site, since its post page and a dozen feeds (home and category levels, each in three formats)
// each carried the whole article.

const MB = 1024 * 1024;

/** About `bytes` of article HTML: numbered paragraphs with a link and some CJK text. */
function bigArticle(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let n = 0; size < bytes; n++) {
    const paragraph = `<p>第 ${n} 段：很长的文章 <a href="https://big.example/${n}">link ${n}</a> &amp; more text.</p>\n`;
    parts.push(paragraph);
    size += Buffer.byteLength(paragraph);
  }
  return parts.join('');
}

function rss(items: Array<{ title: string; html: string; n: number }>): string {
  const body = items
    .map(
      ({ title, html, n }) =>
        `<item><title>${title}</title><link>https://big.example/a/${n}</link>` +
        `<pubDate>Thu, 16 Dec 2021 0${n}:28:08 GMT</pubDate><description><![CDATA[${html}]]></description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>big</title><link>https://big.example/</link>\n${body}\n</channel></rss>\n`;
}

let dir = '';
let config: Config;
let store: Store;
let summary: RunSummary;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'newsmill-large-'));
  writeFileSync(
    path.join(dir, 'big.xml'),
    rss([
      { title: 'huge', html: bigArticle(15 * MB), n: 1 },
      { title: 'small', html: '<p>A small article.</p>', n: 2 },
    ]),
  );
  const yaml = `output: { hexo: hexo, site: public }
sources:
  - { url: big.xml, categories: [新闻, 大文章, 频道] }
`;
  config = parseConfigText(yaml, path.join(dir, 'newsmill.yaml'), {});
  store = openSqliteStore(storeFileOf(config));
  summary = await runAllSources({ config, store });
  await buildSite({ config, store });
}, 120_000);

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function treeBytes(root: string): number {
  return listFiles(root).reduce((total, file) => total + statSync(path.join(root, file)).size, 0);
}

describe('a 15 MB item', () => {
  it('is stored and published cut to content.maxItemKB, with a warning naming it', async () => {
    expect(summary.outcomes[0]?.error).toBeNull();
    const warnings = summary.outcomes[0]?.warnings ?? [];
    expect(warnings).toEqual([expect.stringMatching(/^item "huge": its content is 15,\d{3} KB.*1,024 KB/)]);
    const [huge] = (await store.listItems('big.xml')).filter((item) => item.title === 'huge');
    expect(Buffer.byteLength(huge?.content ?? '')).toBeLessThanOrEqual(1024 * 1024);
    expect(Buffer.byteLength(huge?.content ?? '')).toBeGreaterThan(1000 * 1024);
    // Sanitizing adds rel and target to each of its links: about 1.5 MB of post.
    expect(treeBytes(path.join(dir, 'hexo'))).toBeLessThan(2 * MB);
  });

  it('is not reported again while the feed still lists it unchanged', async () => {
    const again = await runAllSources({ config, store });
    expect(again.outcomes[0]?.itemsUnchanged).toBe(2);
    expect(again.outcomes[0]?.warnings).toEqual([]);
  });

  it('makes a site of about one copy of the cut article, not one per feed', () => {
    const root = config.output.site;
    const feeds = listFiles(root).filter((file) => /(atom\.xml|rss\.xml|feed\.json)$/.test(file));
    // Home's Atom, RSS and JSON Feed, and each of the three category levels' Atom feed.
    expect(feeds).toHaveLength(6);
    for (const file of feeds) {
      const text = readFileSync(path.join(root, file), 'utf8');
      expect({ file, bytes: Buffer.byteLength(text) < 80 * 1024 }).toEqual({ file, bytes: true });
      const feed = parseFeed(text, { timezone: 'UTC' });
      expect(feed.warnings).toEqual([]);
      const huge = feed.items.find((item) => item.title === 'huge');
      expect(huge?.content).toMatch(
        /^<p>第 0 段：[\s\S]*<\/p>\n<p><a href="[^"]+\/posts\/[0-9a-f]+\.html">阅读全文<\/a><\/p>$/,
      );
      expect(feed.items.find((item) => item.title === 'small')?.content).toBe('<p>A small article.</p>');
    }
    // Its page, six 64 KB excerpts, lists and search: 305 MB before feeds were bounded and items capped.
    expect(treeBytes(root)).toBeLessThan(3 * MB);
  });
});
