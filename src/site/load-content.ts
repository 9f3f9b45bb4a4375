import { reuseStoredCleaning } from '../content/cleaning-key.js';
import {
  processItemContent,
  type ContentOptions,
  type ProcessedContent,
} from '../content/process-content.js';
import type { ItemReader } from '../store/item-reader.js';
import type { ItemHeader, StoredItem } from '../store/store.js';
import { articlePlainText } from './site-posts.js';

/** The longest plain text kept per post (the search index's share of an article). */
export const TEXT_LIMIT = 1_000;

/** One post whose article is read from the store and turned into what its pages need. */
export interface LoadJob {
  /** The item's header: it names the item, and stands in for it, bodiless, if it was deleted since. */
  item: ItemHeader;
  /** Whether to clean the article (for its page, its feeds or its cover), not only extract its text. */
  html: boolean;
  options: ContentOptions;
  /**
   * The key of `options`' cleaning (see `cleaningKey`): a stored cleaning under it is used as is.
   * Without it the article is always cleaned.
   */
  cleaningKey?: string;
  /** The secret that seals stored cleanings: one sealed with it is used without sanitizing it again. */
  sealSecret?: string | null;
}

/** What loading one post gives: its plain text, and its cleaned article when asked for. */
export interface LoadedContent {
  text: string;
  content: ProcessedContent | null;
}

/**
 * Reads a batch of articles in one snapshot and extracts text and cleaned HTML. Site workers run
 * it on their own store connection, so article bodies never pass through the main thread.
 */
export function loadContent(reader: ItemReader, jobs: readonly LoadJob[]): LoadedContent[] {
  return contentOf(reader.getItems(jobs.map((job) => job.item)), jobs);
}

/** Text and, where asked, cleaned HTML of `items` (read for `jobs`, null where one is gone). */
export function contentOf(
  items: ReadonlyArray<StoredItem | null>,
  jobs: readonly LoadJob[],
): LoadedContent[] {
  return jobs.map((job, index) => {
    const item = items[index] ?? bodilessItem(job.item);
    return {
      text: articlePlainText(item, TEXT_LIMIT),
      // Ingest stored the cleaning under the same settings from the same content: the same output.
      content: job.html
        ? ((job.cleaningKey === undefined
            ? null
            : reuseStoredCleaning(item, job.cleaningKey, job.options.iframeHosts, job.sealSecret ?? null)) ??
          processItemContent(item, job.options))
        : null,
    };
  });
}

/** An item deleted since its header was read: rendered as an empty article. */
export function bodilessItem(header: ItemHeader): StoredItem {
  return {
    ...header,
    id: null,
    author: null,
    summary: null,
    content: null,
    categories: [],
    enclosures: [],
    image: null,
    baseUrl: null,
    lastSeenAt: header.changedAt,
  };
}
