import { ParseError } from '../core/errors.js';
import type { Feed } from '../core/model.js';
import { parseAtom } from './atom/parse-atom.js';
import { isJsonFeed, parseJsonFeed } from './json-feed/parse-json-feed.js';
import type { ParseContext } from './parse-context.js';
import { parseRdf } from './rdf/parse-rdf.js';
import { parseRss } from './rss/parse-rss.js';
import { buildXmlTree } from './xml-tree.js';

/** Options for {@link parseFeed}. */
export interface ParseOptions {
  /** The feed's URL: the base for relative URLs when the document declares no `xml:base`. */
  url?: string | null;
  /** IANA zone name for dates written without an offset, e.g. "Asia/Shanghai". */
  timezone: string;
  /**
   * The time of the fetch (ms since the epoch). A date more than two days after it is dropped with
   * a warning: no zone slip is that large, and a post dated next year would top the site for a
   * year. Without it no date is too late, so a saved document parses the same every year.
   */
  now?: number | null;
}

// Time zones differ by at most 26 hours; a day more leaves room for a post scheduled a little early.
const FUTURE_ALLOWANCE = 2 * 86_400_000;

// A feed with thousands of bad dates should not carry thousands of warnings.
const MAX_WARNINGS = 50;
// C0 controls other than tab, line feed and carriage return; matching them is the point here.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS_ALL = /[\x00-\x08\x0B\x0C\x0E-\x1F]/g;

/**
 * Parses a decoded feed document (RSS 0.9x/1.0/2.0, Atom 1.0/0.3, JSON Feed 1.0/1.1) into the model.
 * Throws ParseError when the document is not a feed; recoverable problems become `feed.warnings`.
 */
export function parseFeed(text: string, options: ParseOptions): Feed {
  const context: ParseContext = {
    url: options.url ?? null,
    timezone: options.timezone,
    latestDate: options.now == null ? null : options.now + FUTURE_ALLOWANCE,
    warnings: [],
  };
  // A BOM or blank lines before the prolog are common; anything else before the root is skipped by the XML reader.
  let body = text.replace(/^[\uFEFF\s]+/, '');
  if (body === '') throw new ParseError('not a feed: the document is empty');
  // XML 1.0 §2.2 forbids C0 controls; feeds pasted from word processors carry them anyway.
  if (CONTROL_CHARACTERS.test(body)) {
    body = body.replace(CONTROL_CHARACTERS_ALL, '');
    context.warnings.push('ill-formed XML: control characters removed');
  }
  const feed =
    body.startsWith('{') || body.startsWith('[') ? parseJson(body, context) : parseXml(body, context);
  if (feed.warnings.length > MAX_WARNINGS) {
    const dropped = feed.warnings.length - MAX_WARNINGS;
    feed.warnings = [...feed.warnings.slice(0, MAX_WARNINGS), `…and ${dropped} more warnings`];
  }
  return feed;
}

function parseJson(body: string, context: ParseContext): Feed {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new ParseError('not a feed: the document looks like JSON but does not parse', { cause: error });
  }
  if (!isJsonFeed(value)) {
    throw new ParseError('not a feed: JSON without a jsonfeed.org version or an items array');
  }
  return parseJsonFeed(value, context);
}

function parseXml(body: string, context: ParseContext): Feed {
  const doc = buildXmlTree(body, context.url);
  const { root } = doc;
  if (root === null) {
    const found = doc.firstElementName ? `the root element is <${doc.firstElementName}>` : 'no XML elements';
    throw new ParseError(`not a feed: expected <rss>, <rdf:RDF> or <feed>, but ${found}`);
  }
  context.warnings.push(...doc.warnings);
  if (root.name === 'rss') return parseRss(root, context);
  if (root.name === 'feed') return parseAtom(root, context);
  return parseRdf(root, context);
}
