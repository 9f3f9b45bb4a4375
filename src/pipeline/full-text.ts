import type { Config } from '../config/resolve-config.js';
import { describeError, ParseError } from '../core/errors.js';
import type { FeedItem } from '../core/model.js';
import { fetchWithRetry } from '../fetch/retry.js';
import { extractArticle } from '../fulltext/extract-article.js';
import type { Store } from '../store/store.js';
import { retryPolicyOf } from './fetch-feed.js';
import type { HostSemaphore } from './host-semaphore.js';

/** How a source asks for full text: Readability, or the article's CSS selector. */
export interface FullTextOptions {
  selector: string | null;
}

/**
 * Replaces summaries with the article extracted from each item's page. Pages are fetched under the
 * per-host limit and cached in the store; a page that fails keeps the feed's own text and adds a
 * warning naming the item. The extracted HTML is untrusted like feed HTML: the content steps
 * (sanitizing last) run on it later, exactly as on feed bodies.
 */
export async function addFullText(
  items: readonly FeedItem[],
  options: FullTextOptions,
  context: { config: Config; store: Store; hosts: HostSemaphore },
  warnings: string[],
): Promise<FeedItem[]> {
  return Promise.all(
    items.map(async (item) => {
      if (!item.link || !/^https?:\/\//i.test(item.link)) return item;
      const link = item.link;
      try {
        let article = await context.store.getCachedPage(link);
        if (article === null) {
          const page = await context.hosts.run(new URL(link).host, () =>
            fetchWithRetry(link, context.config.fetch, retryPolicyOf(context.config)),
          );
          article =
            extractArticle(page.text, page.effectiveUrl, { selector: options.selector })?.html ?? null;
          if (article === null) throw new ParseError('no article found in the page');
          await context.store.putCachedPage(link, article, new Date().toISOString());
        }
        return { ...item, content: article, baseUrl: link };
      } catch (error) {
        warnings.push(
          `full text of "${item.title ?? link}" unavailable, keeping the feed text: ${describeError(error)}`,
        );
        return item;
      }
    }),
  );
}
