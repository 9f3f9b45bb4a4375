/**
 * The normalized feed model: the contract between stages.
 *
 * Every parser (RSS 0.9x/1.0/2.0, Atom, JSON Feed) maps its own raw shape onto these types,
 * and every later stage (content, store, posts, site) reads only these types. Dates are ISO 8601
 * UTC strings rather than `Date` objects so that an item survives JSON (CLI output, export, a job
 * queue) unchanged.
 */

/** Which syntax a feed document was written in. `rdf` is RSS 1.0. */
export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json';

/** A file attached to an item: RSS `<enclosure>`, Atom `link rel="enclosure"`, JSON Feed `attachments`. */
export interface Enclosure {
  /** Absolute URL of the attached file. */
  url: string;
  /** MIME type as declared by the feed, or null. */
  type: string | null;
  /** Size in bytes as declared by the feed, or null when absent or not a number. */
  length: number | null;
}

/** One entry of a feed, normalized. Missing text fields are null, never empty strings. */
export interface FeedItem {
  /** The feed's own identifier: RSS `guid`, Atom `id`, JSON Feed `id`; null when the feed has none. */
  id: string | null;
  /** Plain-text title: entities decoded, markup removed, whitespace collapsed. */
  title: string | null;
  /** Absolute URL of the article (resolved against `xml:base` or the feed URL). */
  link: string | null;
  /** Publication instant as an ISO 8601 UTC string, or null when absent or unparseable. */
  published: string | null;
  /** Last-update instant as an ISO 8601 UTC string, or null. */
  updated: string | null;
  /** Author name(s) as plain text, or null. */
  author: string | null;
  /** Short description as HTML, or null. For RSS this is `description` when a full body also exists. */
  summary: string | null;
  /** Full article body as HTML (untrusted, not yet sanitized), or null. */
  content: string | null;
  /** Category / tag labels as plain text, in feed order, without duplicates. */
  categories: string[];
  /** Attached files. */
  enclosures: Enclosure[];
  /** Absolute URL of an image the feed names for this item (media:thumbnail, JSON `image`…), or null. */
  image: string | null;
  /** The base URL that relative URLs inside `content`/`summary` resolve against, or null. */
  baseUrl: string | null;
}

/** A parsed feed document. */
export interface Feed {
  /** The syntax the document was written in. */
  format: FeedFormat;
  /** The feed's plain-text title, or null. */
  title: string | null;
  /** The absolute URL of the site the feed belongs to, or null. */
  link: string | null;
  /** The feed's description as plain text, or null. */
  description: string | null;
  /**
   * How often the feed says it may be polled, in minutes: RSS `<ttl>`, else the Syndication module's
   * `sy:updatePeriod` / `sy:updateFrequency`; null when it says nothing. `newsmill watch` uses it.
   */
  ttlMinutes: number | null;
  /** Entries in document order. */
  items: FeedItem[];
  /** Problems that were recovered from (an unparseable item, an unknown date…). */
  warnings: string[];
}
