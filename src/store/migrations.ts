import type Database from 'better-sqlite3';

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many ran. Never edit an
 * applied migration: add a new one.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    location TEXT NOT NULL,
    categories TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_attempt_at TEXT,
    last_success_at TEXT,
    last_error TEXT,
    error_streak INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  );
  CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    identity TEXT NOT NULL,
    guid TEXT,
    title TEXT,
    link TEXT,
    published TEXT,
    updated TEXT,
    author TEXT,
    summary TEXT,
    content TEXT,
    categories TEXT NOT NULL,
    enclosures TEXT NOT NULL,
    image TEXT,
    base_url TEXT,
    content_hash TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    UNIQUE (source_id, identity)
  );
  CREATE INDEX items_by_source_date ON items (source_id, published);
  CREATE TABLE fetch_log (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    started_at TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    status INTEGER,
    error TEXT,
    items_seen INTEGER NOT NULL,
    items_new INTEGER NOT NULL,
    items_updated INTEGER NOT NULL
  );
  CREATE INDEX fetch_log_by_source ON fetch_log (source_id, started_at);
  -- Every file newsmill wrote, so that names stay stable and retention deletes only our own files.
  CREATE TABLE output_files (
    kind TEXT NOT NULL,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    identity TEXT NOT NULL,
    file TEXT NOT NULL,
    written_at TEXT NOT NULL,
    PRIMARY KEY (kind, source_id, identity)
  );
  CREATE UNIQUE INDEX output_files_by_file ON output_files (kind, file);
  `,
  // Fetch scheduling: backoff of failing sources, permanent redirects, the RSSHub instance that served.
  `
  ALTER TABLE sources ADD COLUMN next_attempt_at TEXT;
  ALTER TABLE sources ADD COLUMN moved_to TEXT;
  ALTER TABLE sources ADD COLUMN served_by TEXT;
  `,
  // Retention: identities that left the store, so a feed that still carries them does not bring
  // them back on every run.
  `
  CREATE TABLE expired_items (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    identity TEXT NOT NULL,
    expired_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    PRIMARY KEY (source_id, identity)
  );
  `,
  // Full-text extraction: article pages already fetched, so each page is fetched once.
  `
  CREATE TABLE page_cache (
    url TEXT PRIMARY KEY,
    content TEXT NOT NULL,
    fetched_at TEXT NOT NULL
  );
  `,
  // Item headers in site order, covering every header column: listing 20,000 headers then reads
  // this compact index instead of every table page, where each row sits beside its article body.
  `
  CREATE INDEX items_headers_by_date ON items (
    COALESCE(published, first_seen_at) DESC, id DESC, source_id, identity, guid, title, link,
    published, updated, author, categories, enclosures, image, base_url, first_seen_at,
    last_seen_at, changed_at
  );
  `,
  // Items with the same date (undated ones from one fetch share their first-seen time) in feed
  // order, which is the order they were stored in: newest first. The index above put the last
  // stored first, so such a feed was listed bottom up and retention removed its newest items.
  `
  DROP INDEX items_headers_by_date;
  CREATE INDEX items_headers_by_date ON items (
    COALESCE(published, first_seen_at) DESC, id ASC, source_id, identity, guid, title, link,
    published, updated, author, categories, enclosures, image, base_url, first_seen_at,
    last_seen_at, changed_at
  );
  `,
  // Watch's schedule per source: the server's polling hint (kept through 304s and failures) and
  // the next due time with its reason, so a restarted daemon and `newsmill sources` see them.
  `
  ALTER TABLE sources ADD COLUMN poll_hint_seconds INTEGER;
  ALTER TABLE sources ADD COLUMN poll_hint_from TEXT;
  ALTER TABLE sources ADD COLUMN next_due_at TEXT;
  ALTER TABLE sources ADD COLUMN due_reason TEXT;
  `,
  // Sources dropped from the config: when a run first found one gone, so that the grace period
  // before its items and files are deleted counts from then (null: still configured).
  `
  ALTER TABLE sources ADD COLUMN removed_at TEXT;
  `,
  // Publishing from the store (issue #22): which content (the item's changed_at) and which settings
  // (a key of the post's categories, author and cleaning options) each output was written from, so
  // that a publish writes only what is missing or stale; the index finds those per source without
  // reading the item rows, where each sits beside its article body.
  `
  ALTER TABLE output_files ADD COLUMN written_from TEXT;
  ALTER TABLE output_files ADD COLUMN written_with TEXT;
  CREATE INDEX items_publish_state ON items (source_id, identity, changed_at);
  `,
  // Distributed fetch workers (issue #22): which worker (`<hostname>:<pid>`) made a source's last
  // attempt, so that `newsmill sources` shows where each source was fetched (null: not a worker).
  `
  ALTER TABLE sources ADD COLUMN fetched_by TEXT;
  `,
  // Clean once, at ingest (issue #22): each item's cleaned article and cover, with the key of the
  // cleaning settings and the changed_at they were made from; outputs use them while both still
  // match, and clean the item themselves otherwise.
  `
  ALTER TABLE items ADD COLUMN clean_html TEXT;
  ALTER TABLE items ADD COLUMN clean_cover TEXT;
  ALTER TABLE items ADD COLUMN clean_key TEXT;
  ALTER TABLE items ADD COLUMN cleaned_from TEXT;
  `,
  // The cleaning's plain text (excerpts and search), so that a site build need not read the raw
  // article or extract its text: a cleaning stored before it has none and is made again.
  `
  ALTER TABLE items ADD COLUMN clean_text TEXT;
  `,
  // The cleanings of each source by their key, so that ingest finds those made under other
  // settings without reading every row (a row's key comes after its raw article).
  `
  CREATE INDEX items_clean_key ON items (source_id, clean_key);
  `,
];

/** Brings the database schema up to date inside one transaction per migration. */
export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] ?? '');
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/** The schema version this build of newsmill writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;
