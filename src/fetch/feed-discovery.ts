import { Parser } from 'htmlparser2';
import { ParseError, describeError } from '../core/errors.js';
import { parseFeed } from '../parse/parse-feed.js';
import { fetchSource, type FetchOptions } from './fetch-source.js';

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

// The paths blogs and CMSs usually publish their feed at (WordPress, Hugo, Jekyll, Hexo, Ghost…).
const USUAL_PATHS = ['/feed', '/rss.xml', '/atom.xml', '/index.xml', '/feed.xml', '/rss'];
const FEED_TYPES = /^application\/(rss\+xml|atom\+xml|feed\+json)\b/i;

/**
 * Finds the feed behind a URL: the URL itself when it is a feed, else the page's `<link rel="alternate">`
 * feeds, else the usual feed paths of its site. A candidate counts only if it fetches and parses as a feed.
 */
export async function discoverFeed(url: string, options: FetchOptions): Promise<FeedDiscovery> {
  const rejected: FeedDiscovery['rejected'] = [];
  const page = await fetchSource(url, options);
  const direct = tryParse(page.text, page.effectiveUrl);
  if (typeof direct !== 'string')
    return { feedUrl: page.effectiveUrl, title: direct.title, via: 'direct', rejected };
  rejected.push({ url: page.effectiveUrl, reason: direct });
  const links = findFeedLinks(page.text, page.effectiveUrl);
  const candidates: { url: string; via: 'link' | 'path' }[] = [
    ...links.map((link) => ({ url: link, via: 'link' as const })),
    ...usualFeedUrls(page.effectiveUrl).map((candidate) => ({ url: candidate, via: 'path' as const })),
  ];
  const seen = new Set([page.effectiveUrl]);
  for (const candidate of candidates) {
    if (seen.has(candidate.url)) continue;
    seen.add(candidate.url);
    try {
      const result = await fetchSource(candidate.url, options);
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
  throw new ParseError(`no feed found for ${url}; tried:${tried}`);
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
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'base' && attributes.href) base = resolve(attributes.href, pageUrl) ?? base;
        if (name !== 'link' && name !== 'a') return;
        const rel = (attributes.rel ?? '').toLowerCase().split(/\s+/);
        if (rel.includes('alternate') && FEED_TYPES.test(attributes.type ?? '') && attributes.href) {
          hrefs.push(attributes.href);
        }
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  return hrefs.flatMap((href) => {
    const absolute = resolve(href, base);
    return absolute && /^https?:/i.test(absolute) ? [absolute] : [];
  });
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
