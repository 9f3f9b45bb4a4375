import { escapeXmlAttribute, escapeXmlText, wrapXmlCdata } from '../../io/xml-escape.js';
import { concatenated } from '../concatenated-text.js';
import { renderEntryOnce, type FeedDocument, type FeedEntry } from './feed-document.js';

const rendered = new WeakMap<FeedEntry, string>();

/** Renders an Atom 1.0 feed (RFC 4287); HTML content is text (in CDATA) with `type="html"`. */
export function renderAtomFeed(feed: FeedDocument): string {
  const entries = feed.entries.map((entry) => renderEntryOnce(rendered, entry, renderEntry));
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXmlAttribute(feed.language)}">
<title type="text">${escapeXmlText(feed.title)}</title>
<subtitle type="text">${escapeXmlText(feed.description)}</subtitle>
<id>${escapeXmlText(feed.pageUrl)}</id>
<link rel="self" type="application/atom+xml" href="${escapeXmlAttribute(feed.selfUrl)}"/>
<link rel="alternate" type="text/html" href="${escapeXmlAttribute(feed.pageUrl)}"/>
<updated>${feed.updated}</updated>
<generator uri="https://github.com/newsmill/newsmill">newsmill</generator>
${concatenated(entries, '\n')}
</feed>
`;
}

function renderEntry(entry: FeedEntry): string {
  return `<entry>
<title type="text">${escapeXmlText(entry.title)}</title>
<id>${escapeXmlText(entry.url)}</id>
<link rel="alternate" type="text/html" href="${escapeXmlAttribute(entry.url)}"/>
${entry.externalUrl ? `<link rel="related" type="text/html" href="${escapeXmlAttribute(entry.externalUrl)}"/>\n` : ''}<published>${entry.published}</published>
<updated>${entry.updated}</updated>
<author><name>${escapeXmlText(entry.author)}</name></author>
${entry.categories.map((term) => `<category term="${escapeXmlAttribute(term)}"/>`).join('')}
<summary type="text">${escapeXmlText(entry.summary)}</summary>
<content type="html">${wrapXmlCdata(entry.html)}</content>
</entry>`;
}
