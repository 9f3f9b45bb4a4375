import { stripControlCharacters } from '../core/control-characters.js';
import { ParseError } from '../core/errors.js';
import { decodeXmlText } from '../io/xml-entities.js';
import { readXml, type XmlAttributes } from '../io/xml-reader.js';
import type { SourceDraft } from './source-draft.js';
import { checkRemoteSourceUrl } from './source-url.js';

/** One feed outline of an OPML file, with the folder outlines around it from the outside in. */
export interface OpmlFeed {
  /** `newsmill:url` when newsmill wrote the file, else `xmlUrl`. */
  url: string;
  /** The outline's `text`, else its `title`, else null. */
  title: string | null;
  htmlUrl: string | null;
  folders: string[];
}

/**
 * Reads the feed outlines of an OPML 1.0/2.0 file: any outline with an `xmlUrl` is a feed, whatever its
 * `type` (`rss`, `RSS`, `atom` or none, as Miniflux writes); other outlines are folders. Attribute names
 * are matched case-insensitively (`xmlURL`).
 */
export function parseOpml(text: string): OpmlFeed[] {
  const feeds: OpmlFeed[] = [];
  const stack: (string | null)[] = [];
  let sawOpml = false;
  // readXml is linear in the text whatever its nesting; htmlparser2's Parser took 34 s on outlines
  // nested 100,000 deep, and each feed copies the folders around it, so the depth is bounded too.
  readXml(text, {
    onopentag(name, raw) {
      const tag = name.toLowerCase();
      if (tag === 'opml') sawOpml = true;
      if (tag !== 'outline') return;
      if (stack.length >= MAX_OPML_DEPTH)
        throw new ParseError(
          `not a usable OPML file: outlines are nested deeper than ${MAX_OPML_DEPTH} levels`,
        );
      const attributes = readAttributes(raw);
      const label = clean(attributes.text) || clean(attributes.title) || null;
      const xmlUrl = (attributes['newsmill:url'] ?? attributes.xmlurl ?? '').trim();
      if (xmlUrl) {
        const folders = stack.filter((folder): folder is string => folder !== null);
        feeds.push({ url: xmlUrl, title: label, htmlUrl: attributes.htmlurl?.trim() || null, folders });
      }
      // A feed's children (rare) are not inside a folder named after the feed.
      stack.push(xmlUrl ? null : label);
    },
    onclosetag(name) {
      if (name.toLowerCase() === 'outline') stack.pop();
    },
  });
  if (!sawOpml) throw new ParseError('not an OPML file: no <opml> element');
  return feeds;
}

// Readers nest folders two or three deep; every feed carries a copy of the folders around it.
const MAX_OPML_DEPTH = 32;

/** Attribute names lower-cased (the first of a repeated name wins) and values decoded. */
function readAttributes(raw: XmlAttributes): Partial<Record<string, string>> {
  const attributes: Partial<Record<string, string>> = Object.create(null) as Record<string, string>;
  for (const name in raw) attributes[name.toLowerCase()] ??= decodeXmlText(raw[name] as string);
  return attributes;
}

/** What an OPML file gives: sources to add, and feeds refused with the reason. */
export interface OpmlDrafts {
  drafts: SourceDraft[];
  refused: Array<{ url: string; reason: string }>;
}

/**
 * Maps OPML feeds to newsmill's three categories. Only http(s) URLs and rsshub: routes that stay
 * inside the instance are taken: an OPML file comes from elsewhere, and must not make newsmill read a
 * local file (`file:`, a path) or another scheme; those are refused with the reason. Two folders give `[folder 1, folder 2, feed title]`
 * (what `opml export` writes); one folder (Miniflux, FreshRSS, Inoreader, Feedly) gives
 * `[folder, feed title, feed title]`; no folder gives `[top, feed title, feed title]`; deeper folders
 * are joined into the channel as `folder 3 - … - feed title`. A feed without a title is named by its host.
 */
export function opmlFeedsToDrafts(feeds: readonly OpmlFeed[], top: string): OpmlDrafts {
  const result: OpmlDrafts = { drafts: [], refused: [] };
  for (const feed of feeds) {
    const { problem } = checkRemoteSourceUrl(feed.url);
    if (problem === null) result.drafts.push(toDraft(feed, top));
    else result.refused.push({ url: feed.url, reason: problem });
  }
  return result;
}

function toDraft(feed: OpmlFeed, top: string): SourceDraft {
  const title = feed.title ?? hostOf(feed.url);
  const [first, second, ...deeper] = feed.folders;
  if (first === undefined) return { url: feed.url, categories: [top, title, title] };
  if (second === undefined) return { url: feed.url, categories: [first, title, title] };
  return { url: feed.url, categories: [first, second, [...deeper, title].join(' - ')] };
}

// Only the ends: a name's inner whitespace is part of it (the export writes tabs and line breaks
// as character references so that they come back), and categories name posts' folders. Terminal
// controls go: the names are printed and stored in the config.
function clean(value: string | undefined): string {
  return stripControlCharacters(value ?? '').trim();
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}
