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

// A second choice for a channel's title.
const TITLE_FALLBACKS = new Set(['dc:title']);

/** Second choices for a channel's or item's description, best first. */
export const DESCRIPTION_FALLBACKS = [
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

/** Reads a link as written; some generators write Atom-style `<link href="…"/>` into RSS. */
export function linkValue(link: XmlElement): RawValue | null {
  const href = link.attrs.href;
  return nonEmptyText(link) ?? (href ? { value: href, element: link } : null);
}

/** The trimmed text of an element with the element, or null when it is blank. */
export function nonEmptyText(element: XmlElement): RawValue | null {
  const value = textContent(element).trim();
  return value === '' ? null : { value, element };
}
