import type { XmlElement } from '../xml-node.js';
import { mediaDescription } from '../media-rss.js';
import { htmlSource, innerHtml, textContent } from '../xml-node.js';

/** A value as written, with the element it came from (which carries the `xml:base` in effect). */
export interface RawValue {
  value: string;
  element: XmlElement;
}

/** An RSS `<channel>` as written: RSS 0.9x, 1.0 and 2.0 share these elements. */
export interface RawRssChannel {
  title: string | null;
  link: RawValue | null;
  /** `atom:link` elements: their alternate link is used when `<link>` is missing. */
  atomLinks: XmlElement[];
  description: string | null;
}

/** The item elements that carry a date (names are lower-cased, see xml-namespaces.ts). */
export type RssDateElement =
  | 'pubdate'
  | 'dc:date'
  | 'dcterms:issued'
  | 'dcterms:created'
  | 'atom:published'
  | 'atom:updated'
  | 'dcterms:modified';

/** An RSS `<item>` as written, before any mapping to the model. */
export interface RawRssItem {
  /** Title source; may hold HTML when the feed wraps it in CDATA. */
  title: string | null;
  link: RawValue | null;
  /** `atom:link` elements: their alternate link is used when `<link>` is missing. */
  atomLinks: XmlElement[];
  /** RSS 1.0 `rdf:about`, usually the item's URL. */
  about: RawValue | null;
  guid: RawValue | null;
  /** RSS 2.0: a guid is a permalink unless `isPermaLink="false"`. */
  guidIsPermaLink: boolean;
  /** `feedburner:origLink`: the article URL behind a FeedBurner redirect. */
  origLink: RawValue | null;
  /** `description`, else `dc:description`, `itunes:summary`, `googleplay:description`, `media:description`. */
  description: RawValue | null;
  /** `content:encoded`, else an XHTML `body` or a `fullitem` (RSS 0.9x habits feedparser honours). */
  encoded: RawValue | null;
  /** Date texts by element name. */
  dates: Partial<Record<RssDateElement, string>>;
  /** `author` (RSS 2.0, an e-mail address with an optional name) and `dc:creator`. */
  authors: string[];
  /** `itunes:author`, `googleplay:author`, `dc:author`: used only when `authors` is empty. */
  otherAuthors: string[];
  /** `category`, `dc:subject`, `itunes:category` and comma-separated `itunes:keywords`. */
  categories: string[];
  enclosures: RawValue[];
  /** Media RSS and iTunes elements, read by the shared media module. */
  media: XmlElement[];
}

// Second choices, by element name, for a channel's or item's title and description.
const TITLE_FALLBACKS = new Set(['dc:title']);
const DESCRIPTION_FALLBACKS = [
  'dc:description',
  'itunes:summary',
  'googleplay:description',
  'media:description',
  'itunes:subtitle',
];

/** Reads a channel's own elements (not its items). */
export function readRssChannel(channel: XmlElement): RawRssChannel {
  const raw: RawRssChannel = { title: null, link: null, atomLinks: [], description: null };
  let fallbackTitle: string | null = null;
  let fallbackDescription: { rank: number; value: string } | null = null;
  for (const child of channel.children) {
    if (typeof child === 'string') continue;
    const { name } = child;
    if (name === 'title') raw.title ??= htmlSource(child);
    else if (name === 'link') raw.link ??= linkValue(child);
    else if (name === 'atom:link') raw.atomLinks.push(child);
    else if (name === 'description') raw.description ??= htmlSource(child);
    else if (TITLE_FALLBACKS.has(name)) fallbackTitle ??= htmlSource(child);
    else {
      const rank = DESCRIPTION_FALLBACKS.indexOf(name);
      if (rank >= 0 && (fallbackDescription === null || rank < fallbackDescription.rank))
        fallbackDescription = { rank, value: htmlSource(child) };
    }
  }
  raw.title ??= fallbackTitle;
  raw.description ??= fallbackDescription?.value ?? null;
  return raw;
}

/** Reads one item in a single pass over its children. */
export function readRssItem(item: XmlElement): RawRssItem {
  const about = item.attrs['rdf:about'];
  const raw: RawRssItem = {
    title: null,
    link: null,
    atomLinks: [],
    about: about ? { value: about, element: item } : null,
    guid: null,
    guidIsPermaLink: false,
    origLink: null,
    description: null,
    encoded: null,
    dates: {},
    authors: [],
    otherAuthors: [],
    categories: [],
    enclosures: [],
    media: [],
  };
  let fallbackTitle: string | null = null;
  let fallbackDescription: { rank: number; value: RawValue } | null = null;
  let body: RawValue | null = null;
  for (const child of item.children) {
    if (typeof child === 'string') continue;
    switch (child.name) {
      case 'title':
        raw.title ??= htmlSource(child);
        break;
      case 'dc:title':
        fallbackTitle ??= htmlSource(child);
        break;
      case 'link':
        raw.link ??= linkValue(child);
        break;
      case 'atom:link':
        raw.atomLinks.push(child);
        break;
      case 'feedburner:origlink':
        raw.origLink ??= nonEmptyText(child);
        break;
      case 'guid':
        if (raw.guid === null) {
          raw.guid = nonEmptyText(child);
          // RSS 2.0: isPermaLink defaults to true.
          raw.guidIsPermaLink = child.attrs.ispermalink?.trim().toLowerCase() !== 'false';
        }
        break;
      case 'description':
        raw.description ??= { value: htmlSource(child), element: child };
        break;
      case 'content:encoded':
        raw.encoded ??= { value: htmlSource(child), element: child };
        break;
      case 'xhtml:body':
      case 'body':
        body ??= { value: innerHtml(child, true), element: child };
        break;
      case 'fullitem':
        body ??= { value: htmlSource(child), element: child };
        break;
      case 'pubdate':
      case 'dc:date':
      case 'dcterms:issued':
      case 'dcterms:created':
      case 'atom:published':
      case 'atom:updated':
      case 'dcterms:modified':
        raw.dates[child.name] ??= textContent(child);
        break;
      case 'author':
      case 'dc:creator':
        raw.authors.push(textContent(child));
        break;
      case 'itunes:author':
      case 'googleplay:author':
      case 'dc:author':
        raw.otherAuthors.push(textContent(child));
        break;
      case 'category':
      case 'dc:subject':
        raw.categories.push(textContent(child));
        break;
      case 'itunes:category':
        readItunesCategory(child, raw.categories);
        break;
      case 'itunes:keywords':
        raw.categories.push(...textContent(child).split(','));
        break;
      case 'enclosure':
        if (child.attrs.url) raw.enclosures.push({ value: child.attrs.url, element: child });
        break;
      default: {
        const rank = DESCRIPTION_FALLBACKS.indexOf(child.name);
        if (rank >= 0 && (fallbackDescription === null || rank < fallbackDescription.rank)) {
          const value = child.name === 'media:description' ? mediaDescription(child) : htmlSource(child);
          fallbackDescription = { rank, value: { value, element: child } };
        }
        if (child.name.startsWith('media:') || child.name === 'itunes:image') raw.media.push(child);
      }
    }
  }
  raw.title ??= fallbackTitle;
  raw.description ??= fallbackDescription?.value ?? null;
  raw.encoded ??= body;
  return raw;
}

function readItunesCategory(element: XmlElement, labels: string[]): void {
  if (element.attrs.text) labels.push(element.attrs.text);
  for (const child of element.children) {
    if (typeof child !== 'string' && child.name === 'itunes:category') readItunesCategory(child, labels);
  }
}

function nonEmptyText(element: XmlElement): RawValue | null {
  const value = textContent(element).trim();
  return value === '' ? null : { value, element };
}

// Some generators write Atom-style `<link href="…"/>` into RSS.
function linkValue(link: XmlElement): RawValue | null {
  const href = link.attrs.href;
  return nonEmptyText(link) ?? (href ? { value: href, element: link } : null);
}
