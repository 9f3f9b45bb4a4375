import { concatenated } from '../concatenated-text.js';
import { renderEntryOnce, type FeedDocument, type FeedEntry } from './feed-document.js';

const rendered = new WeakMap<FeedEntry, string>();

/** Renders a JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/). */
export function renderJsonFeed(feed: FeedDocument): string {
  const head = JSON.stringify(
    {
      version: 'https://jsonfeed.org/version/1.1',
      title: feed.title,
      description: feed.description,
      home_page_url: feed.pageUrl,
      feed_url: feed.selfUrl,
      language: feed.language,
    },
    null,
    1,
  );
  if (feed.entries.length === 0) return `${head.slice(0, -2)},\n "items": []\n}\n`;
  const items = feed.entries.map((entry) => renderEntryOnce(rendered, entry, renderItem));
  // The same bytes as stringifying the whole document with one-space indentation.
  return `${head.slice(0, -2)},\n "items": [\n${concatenated(items, ',\n')}\n ]\n}\n`;
}

/** One item as it sits in the `items` array: indented two levels. */
function renderItem(entry: FeedEntry): string {
  const item = {
    id: entry.url,
    url: entry.url,
    ...(entry.externalUrl ? { external_url: entry.externalUrl } : {}),
    title: entry.title,
    content_html: entry.html,
    summary: entry.summary,
    ...(entry.image ? { image: entry.image } : {}),
    date_published: entry.published,
    date_modified: entry.updated,
    authors: [{ name: entry.author }],
    tags: entry.categories,
  };
  // JSON escapes newlines inside strings, so every raw newline starts an indented line.
  return `  ${JSON.stringify(item, null, 1).replaceAll('\n', '\n  ')}`;
}
