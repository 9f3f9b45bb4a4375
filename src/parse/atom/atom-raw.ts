import type { XmlElement } from '../xml-node.js';
import { childElement, textContent } from '../xml-node.js';

/** The feed-level elements of an Atom document, as written. */
export interface RawAtomFeed {
  title: XmlElement | null;
  subtitle: XmlElement | null;
  links: XmlElement[];
  authors: string[];
}

/** One Atom entry as written; text constructs stay elements because their `type` decides their meaning. */
export interface RawAtomEntry {
  id: string | null;
  title: XmlElement | null;
  links: XmlElement[];
  /** `published` (1.0), or `issued`/`created` (0.3). */
  published: string | null;
  /** `updated` (1.0), or `modified` (0.3). */
  updated: string | null;
  /** `dc:date`: the publication date when `published` is missing, the update date when `updated` is. */
  dcDate: string | null;
  /** `author/name` values, plus `dc:creator`. */
  authors: string[];
  summary: XmlElement | null;
  content: XmlElement | null;
  categories: string[];
  /** Media RSS and iTunes elements (YouTube's Atom feeds use `media:group`). */
  media: XmlElement[];
}

/** Reads the feed's own metadata (not its entries). */
export function readAtomFeed(feed: XmlElement): RawAtomFeed {
  const raw: RawAtomFeed = { title: null, subtitle: null, links: [], authors: [] };
  for (const child of feed.children) {
    if (typeof child === 'string') continue;
    if (child.name === 'title') raw.title ??= child;
    else if (child.name === 'subtitle' || child.name === 'tagline') raw.subtitle ??= child;
    else if (child.name === 'link') raw.links.push(child);
    else if (child.name === 'author') raw.authors.push(personName(child));
  }
  return raw;
}

/** Reads one entry in a single pass over its children. */
export function readAtomEntry(entry: XmlElement): RawAtomEntry {
  const raw: RawAtomEntry = {
    id: null,
    title: null,
    links: [],
    published: null,
    updated: null,
    dcDate: null,
    authors: [],
    summary: null,
    content: null,
    categories: [],
    media: [],
  };
  for (const child of entry.children) {
    if (typeof child === 'string') continue;
    switch (child.name) {
      case 'id':
        raw.id ??= textContent(child);
        break;
      case 'title':
        raw.title ??= child;
        break;
      case 'link':
        raw.links.push(child);
        break;
      case 'published':
      case 'issued':
      case 'created':
        raw.published ??= textContent(child);
        break;
      case 'dc:date':
        raw.dcDate ??= textContent(child);
        break;
      case 'updated':
      case 'modified':
        raw.updated ??= textContent(child);
        break;
      case 'author':
        raw.authors.push(personName(child));
        break;
      case 'dc:creator':
        raw.authors.push(textContent(child));
        break;
      case 'summary':
        raw.summary ??= child;
        break;
      case 'content':
        raw.content ??= child;
        break;
      case 'category':
        raw.categories.push(child.attrs.term?.trim() || child.attrs.label || textContent(child));
        break;
      case 'dc:subject':
        raw.categories.push(textContent(child));
        break;
      default:
        if (child.name.startsWith('media:') || child.name === 'itunes:image') raw.media.push(child);
    }
  }
  return raw;
}

function personName(person: XmlElement): string {
  const name = childElement(person, 'name');
  if (name !== null) return textContent(name);
  // A bare `<author>Name</author>` is invalid but common; an author with only email/uri has no name.
  return person.children.every((child) => typeof child === 'string') ? textContent(person) : '';
}
