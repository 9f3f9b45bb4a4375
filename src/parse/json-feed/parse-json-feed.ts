import type { Enclosure, Feed, FeedItem } from '../../core/model.js';
import type { ParseContext } from '../parse-context.js';
import { addEnclosure, describeItem, readDate, uniqueLabels } from '../parse-context.js';
import { collapseText, htmlToPlainText } from '../../core/plain-text.js';
import { nonEmptyHtml, textToHtml } from '../text-html.js';
import { resolveFeedUrl } from '../resolve-url.js';

// The JSON Feed 1.0/1.1 shapes as written (https://jsonfeed.org/version/1.1). Every field is
// `unknown` because nothing guarantees a publisher followed the spec.
interface RawJsonFeed {
  version?: unknown;
  title?: unknown;
  home_page_url?: unknown;
  description?: unknown;
  author?: unknown;
  authors?: unknown;
  items?: unknown;
}

interface RawJsonItem {
  id?: unknown;
  url?: unknown;
  external_url?: unknown;
  title?: unknown;
  content_html?: unknown;
  content_text?: unknown;
  summary?: unknown;
  image?: unknown;
  banner_image?: unknown;
  date_published?: unknown;
  date_modified?: unknown;
  author?: unknown;
  authors?: unknown;
  tags?: unknown;
  attachments?: unknown;
}

/** Whether a parsed JSON value is a JSON Feed: a `version` URL of jsonfeed.org, or an `items` array. */
export function isJsonFeed(value: unknown): boolean {
  if (!isObject(value)) return false;
  const { version, items } = value as RawJsonFeed;
  if (typeof version === 'string') return /^https?:\/\/jsonfeed\.org\/version\//i.test(version);
  return Array.isArray(items);
}

/** Maps a JSON Feed 1.0 or 1.1 document (already parsed from JSON) to the model. */
export function parseJsonFeed(value: unknown, context: ParseContext): Feed {
  const raw = value as RawJsonFeed;
  const feedAuthors = authorNames(raw);
  const items: FeedItem[] = [];
  const rawItems = Array.isArray(raw.items) ? (raw.items as unknown[]) : [];
  rawItems.forEach((item, index) => {
    if (isObject(item)) items.push(adaptJsonItem(item as RawJsonItem, context, index, feedAuthors));
    else context.warnings.push(`item ${index + 1}: not a JSON object, skipped`);
  });
  return {
    format: 'json',
    title: htmlToPlainText(text(raw.title)),
    link: resolveFeedUrl(text(raw.home_page_url), context.url),
    description: htmlToPlainText(text(raw.description)),
    ttlMinutes: null,
    items,
    warnings: context.warnings,
  };
}

/**
 * Maps one item. content: `content_html`, else `content_text` escaped into paragraphs; summary is
 * plain text in JSON Feed, so it is escaped too. published falls back to `date_modified`, as in
 * Atom. Authors: 1.1 `authors[]`, else 1.0 `author`, else the feed's. There is no xml:base, so
 * baseUrl stays null and relative URLs in content resolve against the item link downstream.
 */
function adaptJsonItem(
  raw: RawJsonItem,
  context: ParseContext,
  index: number,
  feedAuthors: string[],
): FeedItem {
  const title = htmlToPlainText(text(raw.title));
  const where = describeItem(index, title);
  const enclosures: Enclosure[] = [];
  for (const attachment of Array.isArray(raw.attachments) ? (raw.attachments as unknown[]) : []) {
    if (!isObject(attachment)) continue;
    const { url, mime_type: type, size_in_bytes: size } = attachment as Record<string, unknown>;
    addEnclosure(enclosures, text(url), context.url, text(type), typeof size === 'number' ? size : null);
  }
  const updated = readDate(context, where, text(raw.date_modified));
  const authors = authorNames(raw);
  const image = text(raw.image) ?? text(raw.banner_image);
  return {
    id: collapseText(typeof raw.id === 'number' ? String(raw.id) : text(raw.id)),
    title,
    link: resolveFeedUrl(text(raw.url) ?? text(raw.external_url), context.url),
    published: readDate(context, where, text(raw.date_published)) ?? updated,
    updated,
    author: (authors.length > 0 ? authors : feedAuthors).join(', ') || null,
    summary: textToHtml(text(raw.summary)),
    content: nonEmptyHtml(text(raw.content_html)) ?? textToHtml(text(raw.content_text)),
    categories: uniqueLabels(Array.isArray(raw.tags) ? (raw.tags as unknown[]).map(text) : []),
    enclosures,
    image:
      resolveFeedUrl(image, context.url) ??
      enclosures.find((enclosure) => enclosure.type?.startsWith('image/'))?.url ??
      null,
    baseUrl: null,
  };
}

function authorNames(raw: { author?: unknown; authors?: unknown }): string[] {
  const people = Array.isArray(raw.authors) ? (raw.authors as unknown[]) : [raw.author];
  return uniqueLabels(
    people.map((person) => (isObject(person) ? text((person as { name?: unknown }).name) : null)),
  );
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
