import { escapeXmlAttribute, escapeXmlText, wrapXmlCdata } from '../../io/xml-escape.js';
import { concatenated } from '../concatenated-text.js';
import { renderEntryOnce, type FeedDocument, type FeedEntry } from './feed-document.js';

const rendered = new WeakMap<FeedEntry, string>();

/** Renders an RSS 2.0 feed; dates are RFC 822 as the spec requires, the body is HTML in CDATA. */
export function renderRssFeed(feed: FeedDocument): string {
  const items = feed.entries.map((entry) => renderEntryOnce(rendered, entry, renderItem));
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>${escapeXmlText(feed.title)}</title>
<link>${escapeXmlText(feed.pageUrl)}</link>
<description>${escapeXmlText(feed.description)}</description>
<language>${escapeXmlText(feed.language)}</language>
<lastBuildDate>${new Date(feed.updated).toUTCString()}</lastBuildDate>
<generator>newsmill</generator>
<atom:link rel="self" type="application/rss+xml" href="${escapeXmlAttribute(feed.selfUrl)}"/>
${concatenated(items, '\n')}
</channel>
</rss>
`;
}

function renderItem(entry: FeedEntry): string {
  return `<item>
<title>${escapeXmlText(entry.title)}</title>
<link>${escapeXmlText(entry.url)}</link>
<guid isPermaLink="true">${escapeXmlText(entry.url)}</guid>
<pubDate>${new Date(entry.published).toUTCString()}</pubDate>
<dc:creator>${escapeXmlText(entry.author)}</dc:creator>
${entry.categories.map((name) => `<category>${escapeXmlText(name)}</category>`).join('')}
<description>${wrapXmlCdata(entry.html)}</description>
</item>`;
}
