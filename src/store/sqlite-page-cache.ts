import type Database from 'better-sqlite3';

/** The cache of fetched article pages (`PageCacheStore`) in one SQLite table. */
export interface PageCacheTable {
  get(url: string): string | null;
  put(url: string, content: string, fetchedAt: string): void;
}

/** Prepares the statements on an open, migrated database. */
export function createPageCacheTable(db: Database.Database): PageCacheTable {
  const cached = db.prepare<[string], { content: string }>('SELECT content FROM page_cache WHERE url = ?');
  const put = db.prepare(
    `INSERT INTO page_cache (url, content, fetched_at) VALUES (?, ?, ?)
     ON CONFLICT (url) DO UPDATE SET content = excluded.content, fetched_at = excluded.fetched_at`,
  );
  return {
    get: (url) => cached.get(url)?.content ?? null,
    put: (url, content, fetchedAt) => void put.run(url, content, fetchedAt),
  };
}
