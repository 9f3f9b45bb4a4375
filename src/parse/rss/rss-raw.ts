import type { XmlElement } from '../xml-node.js';
import { htmlSource, textContent } from '../xml-node.js';

/** A value as written, with the element it came from (which carries the `xml:base` in effect). */
export interface RawValue {
  value: string;
  element: XmlElement;
}

/** An RSS `<channel>` as written: RSS 0.9x, 1.0 and 2.0 share these elements. */
export interface RawRssChannel {
  title: string | null;
  link: RawValue | null;
  /** `atom:link rel="alternate"`, used when `<link>` is missing. */
  alternateLink: RawValue | null;
  description: string | null;
}

/** The item elements that carry a date. */
export type RssDateElement = 'pubDate' | 'dc:date' | 'dcterms:issued' | 'atom:updated' | 'dcterms:modified';

/** An RSS `<item>` as written, before any mapping to the model. */
export interface RawRssItem {
  /** Title source; may hold HTML when the feed wraps it in CDATA. */
  title: string | null;
  link: RawValue | null;
  alternateLink: RawValue | null;
  /** RSS 1.0 `rdf:about`, usually the item's URL. */
  about: RawValue | null;
  guid: RawValue | null;
  /** RSS 2.0: a guid is a permalink unless `isPermaLink="false"`. */
  guidIsPermaLink: boolean;
  description: RawValue | null;
  encoded: RawValue | null;
  /** Date texts by element name (`pubDate`, `dc:date`, `dcterms:issued`, `atom:updated`, `dcterms:modified`). */
  dates: Partial<Record<RssDateElement, string>>;
  /** `author` (RSS 2.0, an e-mail address with an optional name) and `dc:creator`. */
  authors: string[];
  /** `category` and `dc:subject`. */
  categories: string[];
  enclosures: RawValue[];
  /** Media RSS and iTunes elements, read by the shared media module. */
  media: XmlElement[];
}

/** Reads a channel's own elements (not its items). */
export function readRssChannel(channel: XmlElement): RawRssChannel {
  const raw: RawRssChannel = { title: null, link: null, alternateLink: null, description: null };
  for (const child of channel.children) {
    if (typeof child === 'string') continue;
    if (child.name === 'title') raw.title ??= htmlSource(child);
    else if (child.name === 'link') raw.link ??= linkValue(child);
    else if (child.name === 'atom:link') raw.alternateLink ??= alternateHref(child);
    else if (child.name === 'description') raw.description ??= htmlSource(child);
  }
  return raw;
}

/** Reads one item in a single pass over its children. */
export function readRssItem(item: XmlElement): RawRssItem {
  const about = item.attrs['rdf:about'];
  const raw: RawRssItem = {
    title: null,
    link: null,
    alternateLink: null,
    about: about ? { value: about, element: item } : null,
    guid: null,
    guidIsPermaLink: false,
    description: null,
    encoded: null,
    dates: {},
    authors: [],
    categories: [],
    enclosures: [],
    media: [],
  };
  for (const child of item.children) {
    if (typeof child === 'string') continue;
    switch (child.name) {
      case 'title':
        raw.title ??= htmlSource(child);
        break;
      case 'link':
        raw.link ??= linkValue(child);
        break;
      case 'atom:link':
        raw.alternateLink ??= alternateHref(child);
        break;
      case 'guid':
        if (raw.guid === null) {
          raw.guid = nonEmptyText(child);
          raw.guidIsPermaLink = child.attrs.isPermaLink?.trim().toLowerCase() !== 'false';
        }
        break;
      case 'description':
        raw.description ??= { value: htmlSource(child), element: child };
        break;
      case 'content:encoded':
        raw.encoded ??= { value: htmlSource(child), element: child };
        break;
      case 'pubDate':
      case 'dc:date':
      case 'dcterms:issued':
      case 'atom:updated':
      case 'dcterms:modified':
        raw.dates[child.name] ??= textContent(child);
        break;
      case 'author':
      case 'dc:creator':
        raw.authors.push(textContent(child));
        break;
      case 'category':
      case 'dc:subject':
        raw.categories.push(textContent(child));
        break;
      case 'enclosure':
        if (child.attrs.url) raw.enclosures.push({ value: child.attrs.url, element: child });
        break;
      default:
        if (child.name.startsWith('media:') || child.name === 'itunes:image') raw.media.push(child);
    }
  }
  return raw;
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

function alternateHref(link: XmlElement): RawValue | null {
  const { rel, href } = link.attrs;
  return href && (rel === undefined || rel === 'alternate') ? { value: href, element: link } : null;
}
