import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { ParseError } from '../core/errors.js';
import { MAX_PAGE_DEPTH, nestsDeeperThan } from './page-depth.js';

/** How to find the article in a page: Readability's heuristics, or a CSS selector the source names. */
export interface ExtractOptions {
  selector?: string | null;
}

/** The article found in a page, as (unsanitized) HTML. */
export interface ExtractedArticle {
  title: string | null;
  html: string;
}

/**
 * Extracts the article from a fetched page with @mozilla/readability on linkedom (measured faster
 * than jsdom on our pages: `npm run bench -- fulltext`), or with the source's CSS selector.
 * Returns null when no article is found; the caller then keeps the feed's own summary. A page
 * nested past {@link MAX_PAGE_DEPTH} fails with a ParseError before it is parsed.
 */
export function extractArticle(
  html: string,
  pageUrl: string,
  options: ExtractOptions = {},
): ExtractedArticle | null {
  if (nestsDeeperThan(html, MAX_PAGE_DEPTH)) {
    throw new ParseError(`the page nests elements deeper than ${MAX_PAGE_DEPTH} levels`);
  }
  const { document } = parseHTML(html);
  if (options.selector) {
    const nodes = [...document.querySelectorAll(options.selector)];
    const joined = nodes.map((node) => node.outerHTML).join('\n');
    return joined.trim() === '' ? null : { title: document.title || null, html: joined };
  }
  // Readability resolves relative links through the document's base URI.
  const base = document.createElement('base');
  base.setAttribute('href', pageUrl);
  document.head?.prepend(base);
  const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], {
    charThreshold: 200,
  }).parse();
  if (!article?.content || (article.textContent ?? '').trim().length < 50) return null;
  return { title: article.title ?? null, html: article.content };
}
