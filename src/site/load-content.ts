import { articlePlainText } from '../content/article-text.js';
import { reuseStoredCleaning, sealedStoredCleaning } from '../content/cleaning-key.js';
import {
  processItemContent,
  type ContentOptions,
  type ProcessedContent,
} from '../content/process-content.js';
import type { ItemReader } from '../store/item-reader.js';
import type { ItemHeader, ItemStore, ItemWithoutBodies, StoredItem } from '../store/store.js';

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
  /**
   * Whether to read the item without its bodies first, for a cleaning sealed with `sealSecret`.
   * A build turns it off once a batch finds none so sealed (a seal file that lasts one run), where
   * that first read would only be repeated with the bodies.
   */
  trySealed?: boolean;
}

/** What loading one post gives: its plain text, and its cleaned article when asked for. */
export interface LoadedContent {
  text: string;
  content: ProcessedContent | null;
  /** Served by a sealed stored cleaning, without reading the raw article. */
  sealed: boolean;
}

/**
 * Reads a batch of articles and extracts text and cleaned HTML. Site workers run it on their own
 * store connection, so article bodies never pass through the main thread. Items are read without
 * their bodies first: a sealed stored cleaning holds all a build needs, so only the others' raw
 * articles are read (in a second snapshot: an item changed in between has a cleaning of other
 * content, which is not used).
 */
export function loadContent(reader: ItemReader, jobs: readonly LoadJob[]): LoadedContent[] {
  const lean = jobs.some(canBeSealed) ? reader.getItemsWithoutBodies(jobs.map((job) => job.item)) : [];
  const loaded = sealedContentOf(jobs, lean);
  const rest = jobsLeft(jobs, loaded);
  return completeContent(loaded, rest, rest.length > 0 ? reader.getItems(rest.map((job) => job.item)) : []);
}

/** `loadContent` through the store itself, on this thread. */
export async function loadContentFromStore(
  store: Pick<ItemStore, 'getItems' | 'getItemsWithoutBodies'>,
  jobs: readonly LoadJob[],
): Promise<LoadedContent[]> {
  const lean = jobs.some(canBeSealed) ? await store.getItemsWithoutBodies(jobs.map((job) => job.item)) : [];
  const loaded = sealedContentOf(jobs, lean);
  const rest = jobsLeft(jobs, loaded);
  const items = rest.length > 0 ? await store.getItems(rest.map((job) => job.item)) : [];
  return completeContent(loaded, rest, items);
}

function canBeSealed(job: LoadJob): boolean {
  return job.trySealed !== false && job.cleaningKey !== undefined && typeof job.sealSecret === 'string';
}

/**
 * What the sealed stored cleanings of `items` (read without bodies for `jobs`, or none) give, null
 * for each job they do not serve.
 */
function sealedContentOf(
  jobs: readonly LoadJob[],
  items: ReadonlyArray<ItemWithoutBodies | null>,
): Array<LoadedContent | null> {
  return jobs.map((job, index) => {
    const item = items[index];
    const { cleaningKey, sealSecret } = job;
    if (!item || job.trySealed === false || cleaningKey === undefined || !sealSecret) return null;
    const sealed = sealedStoredCleaning(item, cleaningKey, sealSecret);
    return sealed && { text: sealed.text, content: job.html ? sealed : null, sealed: true };
  });
}

function jobsLeft(jobs: readonly LoadJob[], loaded: ReadonlyArray<LoadedContent | null>): LoadJob[] {
  return jobs.filter((_, index) => loaded[index] === null);
}

/** `loaded` with its gaps filled, in order, from the full items read for `rest`. */
function completeContent(
  loaded: Array<LoadedContent | null>,
  rest: readonly LoadJob[],
  items: ReadonlyArray<StoredItem | null>,
): LoadedContent[] {
  const filled = contentOf(items, rest);
  let next = 0;
  return loaded.map((content) => content ?? (filled[next++] as LoadedContent));
}

/** Text and, where asked, cleaned HTML of `items` (read for `jobs`, null where one is gone). */
export function contentOf(
  items: ReadonlyArray<StoredItem | null>,
  jobs: readonly LoadJob[],
): LoadedContent[] {
  return jobs.map((job, index) => {
    const item = items[index] ?? bodilessItem(job.item);
    if (!job.html) return { text: articlePlainText(item), content: null, sealed: false };
    // Ingest stored the cleaning under the same settings from the same content: the same output.
    const content =
      (job.cleaningKey === undefined
        ? null
        : reuseStoredCleaning(item, job.cleaningKey, job.options.iframeHosts, job.sealSecret ?? null)) ??
      processItemContent(item, job.options);
    return { text: content.text, content, sealed: false };
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
