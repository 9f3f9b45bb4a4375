import { existsSync, readdirSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { hasTestPostgres, useTestPostgres } from './test-postgres.js';

// Whether this machine has Debian's server binaries, which the global setup starts.
const debianBinaries =
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((major) => existsSync(`/usr/lib/postgresql/${major}/bin/initdb`));

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('the test PostgreSQL', () => {
  it.runIf(debianBinaries || process.env.NEWSMILL_TEST_PG)(
    "reaches the tests when NEWSMILL_TEST_PG is set or the machine has Debian's binaries",
    () => {
      expect(hasTestPostgres).toBe(true);
      expect(process.env.NEWSMILL_TEST_PG).toMatch(/^postgres(ql)?:\/\//);
    },
  );
});

describe.skipIf(!hasTestPostgres)('useTestPostgres', () => {
  it('gives each call a database of its own, and drop() removes it even while connected', async () => {
    const [a, b] = await Promise.all([useTestPostgres(), useTestPostgres()]);
    try {
      expect(a.url).not.toBe(b.url);
      expect(a.schema).toBe('newsmill');
      await query(a.url, 'CREATE TABLE only_in_a (n int)');
      const inB = await query(b.url, "SELECT to_regclass('only_in_a') AS found");
      expect(inB).toEqual([{ found: null }]);
      const held = new pg.Client({ connectionString: a.url });
      held.on('error', () => undefined);
      await held.connect();
      await a.drop();
      await a.drop();
      const name = new URL(a.url).pathname.slice(1);
      expect(name).toMatch(/^newsmill_test_[0-9a-f]{16}$/);
      const left = await query(b.url, `SELECT datname FROM pg_database WHERE datname = '${name}'`);
      expect(left).toEqual([]);
      await held.end().catch(() => undefined);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });
});
