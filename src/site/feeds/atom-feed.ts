import { cdataXml, escapeXml } from '../html-escape.js';
import { renderEntryOnce, type FeedDocument, type FeedEntry } from './feed-document.js';

const rendered = new WeakMap<FeedEntry, string>();

/** Renders an Atom 1.0 feed (RFC 4287); HTML content is text (in CDATA) with `type="html"`. */
export function renderAtomFeed(feed: FeedDocument): string {
  const entries = feed.entries.map((entry) => renderEntryOnce(rendered, entry, renderEntry));
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(feed.language)}">
<title type="text">${escapeXml(feed.title)}</title>
<subtitle type="text">${escapeXml(feed.description)}</subtitle>
<id>${escapeXml(feed.pageUrl)}</id>
<link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfUrl)}"/>
<link rel="alternate" type="text/html" href="${escapeXml(feed.pageUrl)}"/>
<updated>${feed.updated}</updated>
<generator uri="https://github.com/newsmill/newsmill">newsmill</generator>
${entries.join('\n')}
</feed>
`;
}

function renderEntry(entry: FeedEntry): string {
  return `<entry>
<title type="text">${escapeXml(entry.title)}</title>
<id>${escapeXml(entry.url)}</id>
<link rel="alternate" type="text/html" href="${escapeXml(entry.url)}"/>
${entry.externalUrl ? `<link rel="related" type="text/html" href="${escapeXml(entry.externalUrl)}"/>\n` : ''}<published>${entry.published}</published>
<updated>${entry.updated}</updated>
<author><name>${escapeXml(entry.author)}</name></author>
${entry.categories.map((term) => `<category term="${escapeXml(term)}"/>`).join('')}
<summary type="text">${escapeXml(entry.summary)}</summary>
<content type="html">${cdataXml(entry.html)}</content>
</entry>`;
}
