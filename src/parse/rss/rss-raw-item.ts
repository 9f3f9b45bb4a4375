import { mediaDescription } from '../media-rss.js';
import type { XmlElement } from '../xml-node.js';
import { htmlSource, innerHtml, textContent } from '../xml-node.js';
import type { RawRssItem, RawValue, RssDateElement } from './rss-raw.js';
import { DESCRIPTION_FALLBACKS, linkValue, nonEmptyText } from './rss-raw.js';

// An item being read: the raw item, and the second choices that count only if the first is missing.
interface ItemDraft {
  raw: RawRssItem;
  fallbackTitle: string | null;
  fallbackDescription: { rank: number; value: RawValue } | null;
  body: RawValue | null;
}

type ChildReader = (draft: ItemDraft, child: XmlElement) => void;

const DATE_ELEMENTS: RssDateElement[] = [
  'pubdate',
  'dc:date',
  'dcterms:issued',
  'dcterms:created',
  'atom:published',
  'atom:updated',
  'dcterms:modified',
];

// How each known child of an item is read, by canonical name (see xml-namespaces.ts). The first of
// a single-valued element counts; lists keep every one.
const ITEM_CHILDREN = new Map<string, ChildReader>([
  ['title', ({ raw }, child) => void (raw.title ??= htmlSource(child))],
  ['dc:title', (draft, child) => void (draft.fallbackTitle ??= htmlSource(child))],
  ['link', ({ raw }, child) => void (raw.link ??= linkValue(child))],
  ['atom:link', ({ raw }, child) => void raw.atomLinks.push(child)],
  ['feedburner:origlink', ({ raw }, child) => void (raw.origLink ??= nonEmptyText(child))],
  ['guid', ({ raw }, child) => readGuid(raw, child)],
  ['description', ({ raw }, child) => void (raw.description ??= htmlValue(child))],
  ['content:encoded', ({ raw }, child) => void (raw.encoded ??= htmlValue(child))],
  // RSS 0.9x habits feedparser honours: an XHTML body, or a `fullitem`, stand in for content:encoded.
  ['xhtml:body', (draft, child) => void (draft.body ??= xhtmlValue(child))],
  ['body', (draft, child) => void (draft.body ??= xhtmlValue(child))],
  ['fullitem', (draft, child) => void (draft.body ??= htmlValue(child))],
  ...DATE_ELEMENTS.map((name): [string, ChildReader] => [
    name,
    ({ raw }, child) => void (raw.dates[name] ??= textContent(child)),
  ]),
  ...['author', 'dc:creator'].map(listOf((raw) => raw.authors)),
  ...['itunes:author', 'googleplay:author', 'dc:author'].map(listOf((raw) => raw.otherAuthors)),
  ...['category', 'dc:subject'].map(listOf((raw) => raw.categories)),
  ['itunes:category', ({ raw }, child) => readItunesCategory(child, raw.categories)],
  ['itunes:keywords', ({ raw }, child) => void raw.categories.push(...textContent(child).split(','))],
  ['enclosure', ({ raw }, child) => readEnclosure(raw, child)],
]);

/** Reads one item in a single pass over its children. */
export function readRssItem(item: XmlElement): RawRssItem {
  const draft = startItem(item);
  for (const child of item.children) {
    if (typeof child === 'string') continue;
    const read = ITEM_CHILDREN.get(child.name);
    if (read) read(draft, child);
    else readOtherChild(draft, child);
  }
  const { raw } = draft;
  raw.title ??= draft.fallbackTitle;
  raw.description ??= draft.fallbackDescription?.value ?? null;
  raw.encoded ??= draft.body;
  return raw;
}

function startItem(item: XmlElement): ItemDraft {
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
  return { raw, fallbackTitle: null, fallbackDescription: null, body: null };
}

// A reader that adds an element's text to one of the item's lists.
function listOf(list: (raw: RawRssItem) => string[]): (name: string) => [string, ChildReader] {
  return (name) => [name, ({ raw }, child) => void list(raw).push(textContent(child))];
}

function htmlValue(element: XmlElement): RawValue {
  return { value: htmlSource(element), element };
}

function xhtmlValue(element: XmlElement): RawValue {
  return { value: innerHtml(element, true), element };
}

function readGuid(raw: RawRssItem, guid: XmlElement): void {
  if (raw.guid !== null) return;
  raw.guid = nonEmptyText(guid);
  // RSS 2.0: isPermaLink defaults to true.
  raw.guidIsPermaLink = guid.attrs.ispermalink?.trim().toLowerCase() !== 'false';
}

function readEnclosure(raw: RawRssItem, enclosure: XmlElement): void {
  if (enclosure.attrs.url) raw.enclosures.push({ value: enclosure.attrs.url, element: enclosure });
}

// The description's second choices, and the Media RSS and iTunes elements left to media-rss.ts.
function readOtherChild(draft: ItemDraft, child: XmlElement): void {
  const rank = DESCRIPTION_FALLBACKS.indexOf(child.name);
  if (rank >= 0 && (draft.fallbackDescription === null || rank < draft.fallbackDescription.rank)) {
    const value = child.name === 'media:description' ? mediaDescription(child) : htmlSource(child);
    draft.fallbackDescription = { rank, value: { value, element: child } };
  }
  if (child.name.startsWith('media:') || child.name === 'itunes:image') draft.raw.media.push(child);
}

function readItunesCategory(element: XmlElement, labels: string[]): void {
  if (element.attrs.text) labels.push(element.attrs.text);
  for (const child of element.children) {
    if (typeof child !== 'string' && child.name === 'itunes:category') readItunesCategory(child, labels);
  }
}
