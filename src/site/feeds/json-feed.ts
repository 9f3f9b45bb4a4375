import type { FeedDocument } from './feed-document.js';

/** Renders a JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/). */
export function renderJsonFeed(feed: FeedDocument): string {
  const document = {
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    description: feed.description,
    home_page_url: feed.pageUrl,
    feed_url: feed.selfUrl,
    language: feed.language,
    items: feed.entries.map((entry) => ({
      id: entry.url,
      url: entry.url,
      ...(entry.externalUrl ? { external_url: entry.externalUrl } : {}),
      title: entry.title,
      content_html: entry.html,
      summary: entry.summary,
      image: entry.image,
      date_published: entry.published,
      date_modified: entry.updated,
      authors: [{ name: entry.author }],
      tags: entry.categories,
    })),
  };
  return `${JSON.stringify(document, null, 1)}\n`;
}
