import { cdataXml, escapeXml } from '../html-escape.js';
import { renderEntryOnce, type FeedDocument, type FeedEntry } from './feed-document.js';

const rendered = new WeakMap<FeedEntry, string>();

/** Renders an RSS 2.0 feed; dates are RFC 822 as the spec requires, the body is HTML in CDATA. */
export function renderRssFeed(feed: FeedDocument): string {
  const items = feed.entries.map((entry) => renderEntryOnce(rendered, entry, renderItem));
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>${escapeXml(feed.title)}</title>
<link>${escapeXml(feed.pageUrl)}</link>
<description>${escapeXml(feed.description)}</description>
<language>${escapeXml(feed.language)}</language>
<lastBuildDate>${new Date(feed.updated).toUTCString()}</lastBuildDate>
<generator>newsmill</generator>
<atom:link rel="self" type="application/rss+xml" href="${escapeXml(feed.selfUrl)}"/>
${items.join('\n')}
</channel>
</rss>
`;
}

function renderItem(entry: FeedEntry): string {
  return `<item>
<title>${escapeXml(entry.title)}</title>
<link>${escapeXml(entry.url)}</link>
<guid isPermaLink="true">${escapeXml(entry.url)}</guid>
<pubDate>${new Date(entry.published).toUTCString()}</pubDate>
<dc:creator>${escapeXml(entry.author)}</dc:creator>
${entry.categories.map((name) => `<category>${escapeXml(name)}</category>`).join('')}
<description>${cdataXml(entry.html)}</description>
</item>`;
}
