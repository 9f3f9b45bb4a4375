import { decodeHTMLAttribute } from 'entities';
import { ParseError, describeError } from '../core/errors.js';
import { parseFeed } from '../parse/parse-feed.js';
import { readXml, type XmlAttributes } from '../io/xml-reader.js';
import { fetchSource, type FetchOptions } from '../fetch/fetch-source.js';

// Discovery fetches candidates (fetch/) and keeps the first that parses as a feed (parse/); calling two
// stages is the pipeline's job, so it lives here rather than in fetch/.

/** The feed found for a URL, how it was found, and every candidate that was tried on the way. */
export interface FeedDiscovery {
  /** The feed's absolute URL. */
  feedUrl: string;
  /** The feed's own title, or null. */
  title: string | null;
  /** `direct`: the URL is a feed; `link`: a `<link rel="alternate">` of the page; `path`: a usual feed path. */
  via: 'direct' | 'link' | 'path';
  /** Candidates that were not feeds, each with the reason, in the order tried. */
  rejected: { url: string; reason: string }[];
}

/** The bounds of one discovery: a hostile or broken page must not turn it into hundreds of requests. */
export interface DiscoveryLimits {
  /** Distinct `<link rel="alternate">` URLs tried at most, in document order (the usual paths come after). */
  maxLinks: number;
  /** One deadline for the whole discovery, every request included, in milliseconds. */
  deadlineMs: number;
}

/** At most 10 links, and a minute in all: a person is waiting on `sources add`. */
export const defaultDiscoveryLimits: DiscoveryLimits = { maxLinks: 10, deadlineMs: 60_000 };

// The paths blogs and CMSs usually publish their feed at (WordPress, Hugo, Jekyll, Hexo, Ghost…).
const USUAL_PATHS = ['/feed', '/rss.xml', '/atom.xml', '/index.xml', '/feed.xml', '/rss'];
const FEED_TYPES = /^application\/(rss\+xml|atom\+xml|feed\+json)\b/i;

/**
 * Finds the feed behind a URL: the URL itself when it is a feed, else the page's `<link rel="alternate">`
 * feeds, else the usual feed paths of its site. A candidate counts only if it fetches and parses as a feed.
 * At most `maxLinks` distinct links are tried, and everything, the page included, ends by one deadline.
 */
export async function discoverFeed(
  url: string,
  options: FetchOptions,
  limits: Partial<DiscoveryLimits> = {},
): Promise<FeedDiscovery> {
  const { maxLinks, deadlineMs } = { ...defaultDiscoveryLimits, ...limits };
  const ends = Date.now() + deadlineMs;
  // Each request gets only the time left, so the last one ends by the deadline as well.
  const within = (target: string) =>
    fetchSource(target, {
      ...options,
      timeoutMs: Math.max(1, Math.min(options.timeoutMs, ends - Date.now())),
    });
  const rejected: FeedDiscovery['rejected'] = [];
  const page = await within(url);
  const direct = tryParse(page.text, page.effectiveUrl);
  if (typeof direct !== 'string')
    return { feedUrl: page.effectiveUrl, title: direct.title, via: 'direct', rejected };
  rejected.push({ url: page.effectiveUrl, reason: direct });
  const seen = new Set([page.effectiveUrl]);
  const links = distinct(findFeedLinks(page.text, page.effectiveUrl), new Set(seen));
  // Only the links tried count as seen: a usual path listed past the cap is still tried as one.
  const candidates: { url: string; via: 'link' | 'path' }[] = [
    ...distinct(links.slice(0, maxLinks), seen).map((link) => ({ url: link, via: 'link' as const })),
    ...distinct(usualFeedUrls(page.effectiveUrl), seen).map((path) => ({ url: path, via: 'path' as const })),
  ];
  for (const candidate of candidates) {
    if (Date.now() >= ends) break;
    try {
      const result = await within(candidate.url);
      const feed = tryParse(result.text, result.effectiveUrl);
      if (typeof feed !== 'string') {
        return { feedUrl: result.effectiveUrl, title: feed.title, via: candidate.via, rejected };
      }
      rejected.push({ url: candidate.url, reason: feed });
    } catch (error) {
      rejected.push({ url: candidate.url, reason: describeError(error) });
    }
  }
  const tried = rejected.map((r) => `\n  ${r.url}: ${r.reason}`).join('');
  const skipped =
    links.length > maxLinks
      ? `\n  (${links.length - maxLinks} more <link rel="alternate"> candidates were not tried)`
      : '';
  const timing = Date.now() >= ends ? ` within ${deadlineMs} ms` : '';
  throw new ParseError(`no feed found for ${url}${timing}; tried:${tried}${skipped}`);
}

/** The URLs not seen yet, each once, in order; marks them seen. */
function distinct(urls: string[], seen: Set<string>): string[] {
  return urls.filter((candidate) => !seen.has(candidate) && Boolean(seen.add(candidate)));
}

function tryParse(text: string, url: string): { title: string | null } | string {
  try {
    const feed = parseFeed(text, { url, timezone: 'UTC' });
    return { title: feed.title };
  } catch (error) {
    return describeError(error);
  }
}

/** The absolute URLs of a page's `<link rel="alternate">` feeds (RSS, Atom, JSON Feed), in document order. */
export function findFeedLinks(html: string, pageUrl: string): string[] {
  let base = pageUrl;
  const hrefs: string[] = [];
  // Only start tags matter here, so the linear reader is enough: htmlparser2's Parser keeps open
  // elements in a way that costs time quadratic in the depth (a page 200,000 <div>s deep took 17 s).
  readXml(html, {
    onopentag(tag, written) {
      const name = tag.toLowerCase();
      if (name !== 'base' && name !== 'link' && name !== 'a') return;
      const attributes = htmlAttributes(written);
      if (name === 'base' && attributes.href) base = resolve(attributes.href, pageUrl) ?? base;
      if (name === 'base') return;
      const rel = (attributes.rel ?? '').toLowerCase().split(/\s+/);
      if (rel.includes('alternate') && FEED_TYPES.test(attributes.type ?? '') && attributes.href) {
        hrefs.push(attributes.href);
      }
    },
    onclosetag() {},
  });
  return hrefs.flatMap((href) => {
    const absolute = resolve(href, base);
    return absolute && /^https?:/i.test(absolute) ? [absolute] : [];
  });
}

/** Attribute names lower-cased and values entity-decoded, as an HTML parser reads them. */
function htmlAttributes(written: XmlAttributes): Partial<Record<string, string>> {
  const attributes: Partial<Record<string, string>> = {};
  for (const [name, value] of Object.entries(written)) {
    attributes[name.toLowerCase()] ??= decodeHTMLAttribute(value);
  }
  return attributes;
}

function usualFeedUrls(pageUrl: string): string[] {
  const page = new URL(pageUrl);
  // A blog below a folder (`/blog/`) usually has its feed there too, so that folder is tried first.
  const folder = page.pathname.replace(/[^/]*$/, '').replace(/\/$/, '');
  const prefixes = folder ? [folder, ''] : [''];
  return prefixes.flatMap((prefix) => USUAL_PATHS.map((usual) => new URL(prefix + usual, page.origin).href));
}

function resolve(href: string, base: string): string | null {
  try {
    return new URL(href.trim(), base).href;
  } catch {
    return null;
  }
}
