import pg from 'pg';
import { StoreError } from '../core/errors.js';
import { StoreValueError } from './store-values.js';
import { describeStoreTarget } from '../core/store-target.js';
import { instantFromPostgres } from './pg-instants.js';

/** The config names a PostgreSQL store newsmill cannot use: a bad URL or schema name. */
export class PostgresTargetError extends StoreError {
  override readonly name = 'PostgresTargetError';
}

/** Where a PostgreSQL store lives: a `postgres://` URL and the schema of its tables. */
export interface PostgresTarget {
  url: string;
  schema: string;
}

// An unquoted-style identifier, so that the name means the same in SQL, in search_path and in
// messages; quoting it still keeps its case. 63 bytes is PostgreSQL's NAMEDATALEN - 1.
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** The schema name quoted for SQL, after checking it is a plain identifier (not `pg_…`). */
export function quotedSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema) || /^pg_/i.test(schema))
    throw new PostgresTargetError(
      `the PostgreSQL schema name ${JSON.stringify(schema)} is not usable: use letters, digits and ` +
        `underscores (up to 63, not starting with a digit or pg_)`,
    );
  return pg.escapeIdentifier(schema);
}

/** How a store is named in messages: its URL without the password, and its schema. */
export function describeTarget(target: PostgresTarget): string {
  return describeStoreTarget({ kind: 'postgres', ...target });
}

// Type OIDs (pg_type): int8 is read as a number (counts and row ids stay far below 2^53), and
// timestamptz into toISOString's form rather than a Date in the machine's zone.
const INT8 = 20;
const TIMESTAMPTZ = 1184;

function readInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value))
    throw new StoreValueError(`the store holds the number ${text}, beyond 2^53`);
  return value;
}

const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === INT8) return readInt8;
    if (oid === TIMESTAMPTZ) return instantFromPostgres;
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

// A store holds few connections unless its user runs many jobs at once (`newsmill worker`): every
// machine's pool counts against the server's max_connections.
const POOL_SIZE = 4;

/** How a pool's connections are set up. */
export interface PostgresPoolOptions {
  /** Every transaction read-only, so that not even a bug can write (`build`, `export`). */
  readonly: boolean;
  /** The most connections at once; 4 unless given. */
  connections?: number | undefined;
}

/**
 * A bounded pool whose every connection works in `target`'s schema, in UTC with ISO dates, and
 * gives up on a server that does not answer instead of waiting for ever.
 */
export function createPostgresPool(target: PostgresTarget, options: PostgresPoolOptions): pg.Pool {
  const schema = quotedSchema(target.schema);
  const settings = [
    `SET search_path TO ${schema}`,
    `SET TimeZone TO 'UTC'`,
    `SET DateStyle TO 'ISO, YMD'`,
    ...(options.readonly ? ['SET default_transaction_read_only TO on'] : []),
  ].join('; ');
  const pool = new pg.Pool({
    connectionString: target.url,
    max: options.connections ?? POOL_SIZE,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    // A statement or a transaction left open by a stuck process must not hold rows for ever.
    statement_timeout: 120_000,
    idle_in_transaction_session_timeout: 60_000,
    application_name: 'newsmill',
    types: TYPES,
    onConnect: async (client) => {
      await client.query(settings);
    },
  });
  // An idle connection the server drops emits 'error' on the pool; unheard, it would end the
  // process. The pool has already discarded it, and the next query opens another.
  pool.on('error', () => {});
  return pool;
}

/** How a transaction runs. */
export interface TransactionOptions {
  /** `REPEATABLE READ, READ ONLY`: several reads from one snapshot (an export). */
  snapshot?: boolean;
}

/** Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const client = await pool.connect();
  let broken: unknown = undefined;
  try {
    await client.query(options.snapshot ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      // The connection itself failed: it must not go back to the pool.
      broken = rollbackError;
    }
    throw error;
  } finally {
    client.release(broken instanceof Error ? broken : undefined);
  }
}
