import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { redactStoreUrl } from '../core/store-target.js';

/*
 * PostgreSQL for tests. The server comes from NEWSMILL_TEST_PG: set by hand to use an existing
 * server, or by the global setup (postgres-global-setup.ts), which starts a throwaway one from
 * Debian's binaries before the workers start. Each call gets a database of its own on it, so test
 * files running in parallel never see each other's tables.
 */

// The environment is read once: the global setup has set it before any worker started.
const serverUrl = process.env.NEWSMILL_TEST_PG || null;

/** Whether this run is on CI, where a missing PostgreSQL must fail the tests, never skip them. */
export const onCi = Boolean(process.env.CI) && !/^(0|false)$/i.test(process.env.CI ?? '');

/**
 * Whether PostgreSQL tests run: `describe.skipIf(!hasTestPostgres)`. False only when no server is
 * configured outside CI; on CI without one, `useTestPostgres` fails and says why.
 */
export const hasTestPostgres = serverUrl !== null || onCi;

/** A fresh database for one test or file; `drop()` removes it, even with connections still open. */
export interface TestPostgres {
  /** A connection URL for the new database. */
  url: string;
  /** The schema the store is meant to use in it (the config's default). */
  schema: string;
  /** Drops the database (forcing its connections closed); calling it again does nothing. */
  drop(): Promise<void>;
}

/** Creates a database with a random `newsmill_test_` name on the test server. */
export async function useTestPostgres(): Promise<TestPostgres> {
  if (serverUrl === null) {
    throw new Error(
      'no PostgreSQL server for the tests: set NEWSMILL_TEST_PG=postgres://… or install the ' +
        "postgresql package (Debian), whose binaries the test run's global setup starts",
    );
  }
  const server = serverUrl;
  // Lower-case letters and digits only, so the name needs no quoting.
  const name = `newsmill_test_${randomBytes(8).toString('hex')}`;
  await runOnServer(server, `CREATE DATABASE ${name}`);
  let dropped = false;
  return {
    url: databaseUrl(server, name),
    schema: 'newsmill',
    async drop() {
      if (dropped) return;
      dropped = true;
      await runOnServer(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

// The same server, user and options, another database.
function databaseUrl(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.href;
}

async function runOnServer(server: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: server, application_name: 'newsmill tests' });
  try {
    await client.connect();
    await client.query(sql);
  } catch (error) {
    throw new Error(`${sql} failed on ${redactStoreUrl(server)}: ${String(error)}`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}
