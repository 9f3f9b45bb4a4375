/** The articles extracted from item pages (full-text sources), so a page is fetched once. */
export interface PageCacheStore {
  /** The extracted article of a page fetched earlier, or null. */
  getCachedPage(url: string): Promise<string | null>;
  /** Remembers the extracted article of a page fetched at `fetchedAt` (ISO 8601 UTC). */
  putCachedPage(url: string, content: string, fetchedAt: string): Promise<void>;
}
