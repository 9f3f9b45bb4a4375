import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { hasTestPostgres, useTestPostgres } from '../test-support/test-postgres.js';
import { migrate } from './migrations.js';
import { openPostgresStore } from './pg-store.js';

// Columns only the PostgreSQL schema has, each with its reason.
const POSTGRES_ONLY: Record<string, string> = {
  // SQLite's COALESCE(published, first_seen_at), kept as text to sort exactly as SQLite does.
  'items.sort_date': 'sort key',
};

/** `table.column` of every table of a freshly migrated SQLite store. */
function sqliteColumns(): string[] {
  const db = new Database(':memory:');
  try {
    migrate(db);
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all();
    return tables.flatMap(({ name }) =>
      db
        .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${name}')`)
        .all()
        .map((column) => `${name}.${column.name}`),
    );
  } finally {
    db.close();
  }
}

describe.skipIf(!hasTestPostgres)('the PostgreSQL migrations', () => {
  it('mirror every SQLite migration: the same tables and columns, and only the listed extras', async () => {
    const database = await useTestPostgres();
    const client = new pg.Client({ connectionString: database.url });
    try {
      await (await openPostgresStore({ url: database.url, schema: 'mirror' })).close();
      await client.connect();
      const result = await client.query<{ name: string }>(
        `SELECT table_name || '.' || column_name AS name FROM information_schema.columns
         WHERE table_schema = 'mirror' AND table_name <> 'schema_version'`,
      );
      const postgres = result.rows.map((row) => row.name).filter((name) => !(name in POSTGRES_ONLY));
      // A SQLite migration appended without its PostgreSQL mirror shows here by its columns.
      expect(postgres.sort()).toEqual(sqliteColumns().sort());
    } finally {
      await client.end();
      await database.drop();
    }
  });
});
