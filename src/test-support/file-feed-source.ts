import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseConfigText } from '../config/load-config.js';
import { runAllSources } from '../pipeline/run-all.js';
import type { SourceOutcome } from '../pipeline/source-outcome.js';
import type { Store } from '../store/store.js';
import { storeFileOf } from './store-file.js';
import { tempFolder } from './temp-folder.js';
import { openTestStore } from './test-store.js';

const START = Date.UTC(2026, 0, 1);

/**
 * An item of a test feed: its number, or its number with a guid of its own (`item-n` otherwise)
 * and, optionally, a link of its own (`https://news.example.cn/n` otherwise; null: none), a text of
 * its own (`正文 n` otherwise) and a date of its own, in hours after 2026-01-01 (n otherwise).
 */
export type TestItem =
  number | { n: number; guid: string; link?: string | null; text?: string; hours?: number };

/** An RSS feed of `items`, in that order; item n is dated n hours after 2026-01-01. */
function rss(items: readonly TestItem[]): string {
  const entries = items.map((entry) => {
    const { n, guid, link, text, hours } =
      typeof entry === 'number' ? { n: entry, guid: `item-${entry}` } : entry;
    const linkElement = link === null ? '' : `<link>${link ?? `https://news.example.cn/${n}`}</link>`;
    return (
      `<item><guid>${guid}</guid><title>第 ${n} 条</title>${linkElement}` +
      `<pubDate>${new Date(START + (hours ?? n) * 3_600_000).toUTCString()}</pubDate><description>${text ?? `正文 ${n}`}</description></item>`
    );
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>快讯</title>${entries.join('')}</channel></rss>`;
}

/** Newest first: `from` down to `to`. */
export const newest = (from: number, to: number): number[] =>
  Array.from({ length: from - to + 1 }, (_, index) => from - index);

/** One source read from a feed file, and a SQLite store the test's `run`s save into. */
export interface FileFeedSource {
  /** Writes the feed with `items` and runs every source once: the source's outcome. */
  fetchFeed(items: readonly TestItem[]): Promise<SourceOutcome>;
  /** The numbers of the stored items (each item's own title number), ascending, repeats included. */
  storedIds(): Promise<number[]>;
  store: Store;
}

/** Sets up a source `feed.xml` with `sourceOptions` (YAML flow-map entries) and other `settings`. */
export function fileFeedSource(sourceOptions: string, settings = ''): FileFeedSource {
  const dir = tempFolder('newsmill-file-feed-');
  const feed = path.join(dir, 'feed.xml');
  const config = parseConfigText(
    `${settings}sources:\n  - { url: feed.xml, categories: [科技, 快讯, 最新], ${sourceOptions} }\n`,
    path.join(dir, 'newsmill.yaml'),
    {},
  );
  const store = openTestStore(storeFileOf(config));
  const fetchFeed = async (items: readonly TestItem[]) => {
    writeFileSync(feed, rss(items));
    const summary = await runAllSources({ config, store });
    const outcome = summary.outcomes[0];
    if (!outcome) throw new TypeError('no outcome for the source');
    return outcome;
  };
  const storedIds = async () =>
    (await store.listItems('feed.xml'))
      .map((item) => Number(item.title?.replace(/^第 (\S+) 条$/, '$1')))
      .sort((a, b) => a - b);
  return { fetchFeed, storedIds, store };
}
