import type { Enclosure, FeedItem } from '../../core/model.js';
import { alternateLink } from '../atom/atom-link.js';
import { createMediaFindings, pickImage, readMediaElement } from '../media-rss.js';
import type { ParseContext } from '../parse-context.js';
import { addEnclosure, baseAt, describeItem, readDate, uniqueLabels } from '../parse-context.js';
import { collapseText, htmlToPlainText } from '../../core/plain-text.js';
import { nonEmptyHtml } from '../text-html.js';
import { isHttpUrl, resolveFeedUrl } from '../resolve-url.js';
import type { RawRssChannel, RawRssItem, RawValue } from './rss-raw.js';

/** The model's channel-level fields, mapped from a raw RSS channel. */
export interface RssChannelFields {
  title: string | null;
  link: string | null;
  description: string | null;
}

/** Maps a raw channel: title and description become plain text, the link is resolved. */
export function adaptRssChannel(raw: RawRssChannel, context: ParseContext): RssChannelFields {
  return {
    title: htmlToPlainText(raw.title),
    link: resolveValue(raw.link, context) ?? alternateLink(raw.atomLinks, context),
    description: htmlToPlainText(raw.description),
  };
}

/**
 * Maps a raw RSS item to the model.
 *
 * - content: `content:encoded` when present (the full body), else `description`;
 *   summary: `description` only when `content:encoded` also exists, so it is never a copy of content.
 * - link: `feedburner:origLink` (the article behind FeedBurner's redirect), `link`, `atom:link`,
 *   then a permalink guid that looks like a URL, then RSS 1.0 `rdf:about` when it is http(s).
 * - published: `pubDate`, `dc:date`, `dcterms:issued`/`created`, `atom:published`, falling back
 *   to the update date; updated: `atom:updated`, `dcterms:modified`, else `dc:date` (Dublin Core's
 *   date is the last change as much as the first: feedparser reads it as the update date).
 * - author: `author` and `dc:creator`, "e-mail (Name)" reduced to the name, joined with ", ";
 *   else `itunes:author`, `googleplay:author`, `dc:author`.
 * - image: Media RSS thumbnail, image content, `itunes:image`, then an image enclosure.
 */
export function adaptRssItem(raw: RawRssItem, context: ParseContext, index: number): FeedItem {
  const title = htmlToPlainText(raw.title);
  const where = describeItem(index, title);
  const enclosures: Enclosure[] = [];
  for (const enclosure of raw.enclosures) {
    const { type, length } = enclosure.element.attrs;
    addEnclosure(enclosures, enclosure.value, baseAt(context, enclosure.element), type, length);
  }
  const media = createMediaFindings();
  for (const element of raw.media) readMediaElement(context, element, media, enclosures);

  const encoded = nonEmptyHtml(raw.encoded?.value);
  const description = nonEmptyHtml(raw.description?.value) ?? media.description;
  const contentSource = encoded !== null ? raw.encoded : raw.description;

  const { dates } = raw;
  const modified = readDate(context, where, dates['atom:updated'] ?? null, dates['dcterms:modified'] ?? null);
  const pubDate = readDate(context, where, dates.pubdate ?? null);
  // dc:date is read once, and only when a field needs it, so a bad one warns once or not at all.
  const dcDate =
    pubDate === null || modified === null ? readDate(context, where, dates['dc:date'] ?? null) : null;
  const updated = modified ?? dcDate;
  const published =
    pubDate ??
    dcDate ??
    readDate(
      context,
      where,
      dates['dcterms:issued'] ?? null,
      dates['dcterms:created'] ?? null,
      dates['atom:published'] ?? null,
    ) ??
    updated;

  return {
    // RSS 1.0 names each item by its rdf:about URI; it is the identifier when there is no guid.
    id: collapseText(raw.guid?.value) ?? collapseText(raw.about?.value),
    title,
    link: pickLink(raw, context),
    published,
    updated,
    author: joinAuthors(raw.authors) ?? joinAuthors(raw.otherAuthors),
    summary: encoded !== null ? description : null,
    content: encoded ?? description,
    categories: uniqueLabels(raw.categories),
    enclosures,
    image: pickImage(media, enclosures),
    baseUrl: contentSource?.element.base ?? null,
  };
}

function pickLink(raw: RawRssItem, context: ParseContext): string | null {
  // FeedBurner rewrites <link> to its own redirector and keeps the article URL here.
  const original = resolveValue(raw.origLink, context);
  if (isHttpUrl(original)) return original;
  const direct = resolveValue(raw.link, context) ?? alternateLink(raw.atomLinks, context);
  if (direct !== null) return direct;
  // A permalink guid must still look like a URL: "1234567" resolved against the feed URL is no article.
  const permalink =
    raw.guidIsPermaLink && raw.guid !== null && /^(?:[a-z][a-z0-9+.-]*:|\/)/i.test(raw.guid.value);
  const guid = permalink ? resolveValue(raw.guid, context) : null;
  if (isHttpUrl(guid)) return guid;
  const about = resolveValue(raw.about, context);
  return isHttpUrl(about) ? about : null;
}

function resolveValue(raw: RawValue | null, context: ParseContext): string | null {
  return raw === null ? null : resolveFeedUrl(raw.value, baseAt(context, raw.element));
}

function joinAuthors(authors: string[]): string | null {
  // RSS 2.0 `author` is "lawyer@example.com (Lawyer Boyer)": the name is what readers show.
  const names = authors.map((author) =>
    htmlToPlainText(/^\S+@\S+\s*\((.+)\)$/.exec(author.trim())?.[1] ?? author),
  );
  return uniqueLabels(names).join(', ') || null;
}
