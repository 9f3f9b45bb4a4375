import type pg from 'pg';
import { StoreUnusableError } from './store-faults.js';
import { inTransaction, quotedSchema } from './pg-connection.js';

/**
 * The PostgreSQL schema, as migrations applied in order; the `schema_version` table records each
 * one applied. Never edit an applied migration: add a new one. Each mirrors the SQLite schema
 * (migrations.ts) at the `user_version` named in its comment, so both stores hold the same data.
 *
 * Types: instants newsmill takes from its clock are `timestamptz` (pg-instants.ts converts them at
 * the boundary); a feed's own `published` and `updated` stay text, exactly as written, as SQLite
 * keeps them. Text that is sorted or compared uses the "C" collation, which orders bytes as
 * SQLite's BINARY does, so that listings come back in the same order from either store.
 * `sort_date` is SQLite's `COALESCE(published, first_seen_at)` kept as text.
 */
const MIGRATIONS: readonly string[] = [
  // SQLite user_version 8.
  `
  CREATE TABLE sources (
    id bigserial PRIMARY KEY,
    key text COLLATE "C" NOT NULL UNIQUE,
    location text NOT NULL,
    categories text NOT NULL,
    etag text,
    last_modified text,
    last_attempt_at timestamptz,
    last_success_at timestamptz,
    last_error text,
    error_streak integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL,
    next_attempt_at timestamptz,
    moved_to text,
    served_by text,
    poll_hint_seconds integer,
    poll_hint_from text,
    next_due_at timestamptz,
    due_reason text,
    removed_at timestamptz
  );
  CREATE TABLE items (
    id bigserial PRIMARY KEY,
    source_id bigint NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    identity text COLLATE "C" NOT NULL,
    guid text,
    title text,
    link text,
    published text,
    updated text,
    author text,
    summary text,
    content text,
    categories text NOT NULL,
    enclosures text NOT NULL,
    image text,
    base_url text,
    content_hash text NOT NULL,
    first_seen_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    changed_at timestamptz NOT NULL,
    sort_date text COLLATE "C" NOT NULL,
    UNIQUE (source_id, identity)
  );
  -- Site order (newest first, ties in the order stored), for listings and retention's ranks.
  CREATE INDEX items_by_date ON items (sort_date DESC, id ASC);
  CREATE INDEX items_by_source_date ON items (source_id, sort_date DESC, id ASC);
  CREATE TABLE fetch_log (
    id bigserial PRIMARY KEY,
    source_id bigint NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    started_at timestamptz NOT NULL,
    duration_ms integer NOT NULL,
    status integer,
    error text,
    items_seen integer NOT NULL,
    items_new integer NOT NULL,
    items_updated integer NOT NULL
  );
  CREATE INDEX fetch_log_by_source ON fetch_log (source_id, started_at);
  -- Every file newsmill wrote, so that names stay stable and retention deletes only our own files.
  CREATE TABLE output_files (
    kind text COLLATE "C" NOT NULL,
    source_id bigint NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    identity text COLLATE "C" NOT NULL,
    file text COLLATE "C" NOT NULL,
    written_at timestamptz NOT NULL,
    PRIMARY KEY (kind, source_id, identity)
  );
  CREATE UNIQUE INDEX output_files_by_file ON output_files (kind, file);
  CREATE INDEX output_files_by_item ON output_files (source_id, identity);
  -- Identities retention removed, so a feed that still carries them does not bring them back.
  CREATE TABLE expired_items (
    source_id bigint NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    identity text COLLATE "C" NOT NULL,
    expired_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    PRIMARY KEY (source_id, identity)
  );
  -- Full-text extraction: article pages already fetched, so each page is fetched once.
  CREATE TABLE page_cache (
    url text PRIMARY KEY,
    content text NOT NULL,
    fetched_at timestamptz NOT NULL
  );
  `,
  // SQLite user_version 9: which content (the item's changed_at) and which settings each output
  // was written from, so that a publish writes only what is missing or stale.
  `
  ALTER TABLE output_files ADD COLUMN written_from timestamptz;
  ALTER TABLE output_files ADD COLUMN written_with text;
  CREATE INDEX items_publish_state ON items (source_id, identity, changed_at);
  `,
  // SQLite user_version 10: which worker (<hostname>:<pid>) made a source's last attempt.
  `
  ALTER TABLE sources ADD COLUMN fetched_by text;
  `,
  // SQLite user_version 11: each item's article as ingest cleaned it, with the key of the cleaning
  // settings and the changed_at it was made from.
  `
  ALTER TABLE items ADD COLUMN clean_html text;
  ALTER TABLE items ADD COLUMN clean_cover text;
  ALTER TABLE items ADD COLUMN clean_key text;
  ALTER TABLE items ADD COLUMN cleaned_from timestamptz;
  `,
  // SQLite user_version 12: the cleaning's plain text, for excerpts and search.
  `
  ALTER TABLE items ADD COLUMN clean_text text;
  `,
  // SQLite user_version 13: the cleanings of each source by their key.
  `
  CREATE INDEX items_clean_key ON items (source_id, clean_key COLLATE "C");
  `,
];

/** The schema version this build of newsmill writes to PostgreSQL. */
export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length;

/** The schema's version: null when it (or its version table) does not exist yet, 0 before any migration. */
export async function readSchemaVersion(
  query: pg.Pool | pg.PoolClient,
  schema: string,
): Promise<number | null> {
  const table = await query.query<{ present: boolean }>(
    `SELECT to_regclass(format('%I.schema_version', $1::text)) IS NOT NULL AS present`,
    [schema],
  );
  if (!table.rows[0]?.present) return null;
  const version = await query.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM schema_version',
  );
  return version.rows[0]?.version ?? 0;
}

/** The error for a schema this build cannot use: written by a newer newsmill, or (read-only) not migrated. */
export function schemaVersionError(
  version: number,
  where: string,
  readonly: boolean,
): StoreUnusableError | null {
  if (version > POSTGRES_SCHEMA_VERSION)
    return new StoreUnusableError(
      `the PostgreSQL store ${where} has schema version ${version}, newer than this newsmill's ` +
        `${POSTGRES_SCHEMA_VERSION}: it was written by a newer newsmill. Upgrade newsmill on this machine.`,
      'unopenable',
      where,
    );
  if (readonly && version < POSTGRES_SCHEMA_VERSION)
    return new StoreUnusableError(
      `the PostgreSQL store ${where} has schema version ${version}, older than this newsmill's ` +
        `${POSTGRES_SCHEMA_VERSION}, and a read-only command does not migrate it: run \`newsmill run\` ` +
        `(or any command that writes) once.`,
      'unopenable',
      where,
    );
  return null;
}

/**
 * Creates the schema when missing and applies the migrations it lacks, in one transaction under a
 * transaction-level advisory lock on the schema's name: workers starting at once wait for the
 * first, then find the schema current, so each migration runs exactly once.
 */
export async function migratePostgres(pool: pg.Pool, schema: string, where: string): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('newsmill migrate ' || $1::text, 0))`, [
      schema,
    ]);
    // Checked before creating: CREATE SCHEMA IF NOT EXISTS needs the right to create schemas even
    // when the schema exists, which an operator who made the schema for newsmill need not grant.
    const present = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (present.rowCount === 0) await client.query(`CREATE SCHEMA ${quotedSchema(schema)}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_version (
         version integer PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const version = (await readSchemaVersion(client, schema)) ?? 0;
    const refused = schemaVersionError(version, where, false);
    if (refused) throw refused;
    for (let next = version; next < MIGRATIONS.length; next++) {
      await client.query(MIGRATIONS[next] ?? '');
      await client.query('INSERT INTO schema_version (version) VALUES ($1)', [next + 1]);
    }
  });
}
