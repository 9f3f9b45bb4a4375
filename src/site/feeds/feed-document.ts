/** One entry of a generated feed, with absolute URLs. */
export interface FeedEntry {
  title: string;
  /** The post page on this site; also the entry's permanent id. */
  url: string;
  /** The original article, when it is an http(s) URL. */
  externalUrl: string | null;
  published: string;
  updated: string;
  author: string;
  categories: readonly string[];
  /** Sanitized article HTML. */
  html: string;
  summary: string;
  /** The post's own picture; null when it has none (the site's placeholder is no picture to share). */
  image: string | null;
}

/** A feed of the whole site or of one category. */
export interface FeedDocument {
  title: string;
  description: string;
  language: string;
  /** The HTML page the feed mirrors. */
  pageUrl: string;
  /** The feed's own URL (rel="self"). */
  selfUrl: string;
  /** The newest entry's date, never the build time, so rebuilds are byte-identical. */
  updated: string;
  entries: readonly FeedEntry[];
}

/** The newest date of the entries, or the Unix epoch for an empty feed. */
export function newestDate(entries: ReadonlyArray<{ updated: string }>): string {
  let newest = '1970-01-01T00:00:00.000Z';
  for (const entry of entries) if (entry.updated > newest) newest = entry.updated;
  return newest;
}

/**
 * Renders `entry` once per cache: a post appears in the site's feed and in a feed per category
 * level, and escaping its article for each of them was most of a cold build's feed time.
 */
export function renderEntryOnce(
  cache: WeakMap<FeedEntry, string>,
  entry: FeedEntry,
  render: (entry: FeedEntry) => string,
): string {
  let text = cache.get(entry);
  if (text === undefined) {
    text = render(entry);
    cache.set(entry, text);
  }
  return text;
}
