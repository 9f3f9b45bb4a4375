import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import { StoreError } from '../core/errors.js';
import { redactStoreUrl } from '../core/store-target.js';

/*
 * Locks that live in PostgreSQL, for stores several machines share: a lock file on one machine
 * means nothing to another. A session-level advisory lock belongs to one connection, so it is
 * taken on a client of its own, held for the lock's life: on a pooled connection it would follow
 * the connection back into the pool, to whichever query borrowed it next. A holder that dies,
 * even by SIGKILL or with its machine, releases the lock when its connection ends; nothing is
 * ever taken over.
 */

/** The PostgreSQL database and schema a lock belongs to (the store's). */
export interface AdvisoryLockTarget {
  url: string;
  schema: string;
}

/** The session holding a lock, as the server reports it (its text comes from the holder: untrusted). */
export interface AdvisoryLockHolder {
  /** The holder's `application_name`: `newsmill run pid 4242 on runner-a`. */
  application: string;
  /** The holder's process on the database server. */
  backendPid: number;
  /** When the holder connected, ISO 8601; null when this role may not see it. */
  since: string | null;
  /** The holder's address as the server sees it; null over a Unix socket or when hidden. */
  clientAddress: string | null;
}

/** How a lock is taken. */
export interface AdvisoryLockOptions {
  /** What the holder is doing ("newsmill run"): others' refusals name it. */
  purpose: string;
  /** Called once if the lock's connection ends before `release`: the lock is gone with it. */
  onLost?: (error: AdvisoryLockLostError) => void;
}

/** A lock this process holds, until `release`. */
export interface HeldAdvisoryLock {
  /** Unlocks and closes the lock's connection; calling it again does nothing. */
  release(): Promise<void>;
}

/** The lock's connection could not be opened, or the server refused its queries. */
export class AdvisoryLockError extends StoreError {
  override readonly name = 'AdvisoryLockError';
}

/** A held lock's connection ended (server restart, network): another process may take it now. */
export class AdvisoryLockLostError extends StoreError {
  override readonly name = 'AdvisoryLockLostError';
}

// The lock, then its holder, is looked up this often at most: a holder that lets go between the
// two leaves no one to name, and the next round takes the lock.
const ROUNDS = 3;
// A holder whose machine vanished has no connection to close: the server's keepalive finds it
// gone after about idle + interval * count seconds, rather than the operating system's two hours.
const SESSION_SETTINGS: [string, string][] = [
  ['tcp_keepalives_idle', '30'],
  ['tcp_keepalives_interval', '10'],
  ['tcp_keepalives_count', '3'],
  // A server-wide idle timeout would end the idle session that holds the lock (PostgreSQL 14+).
  ['idle_session_timeout', '0'],
];

/**
 * The 64-bit key of lock `name` in `schema`, as the server keeps it in `pg_locks`: its high and
 * low halves (`classid`, `objid`). A hash, so that any schema and name fit; one database's
 * newsmill locks collide only with negligible odds.
 */
export function advisoryLockKey(schema: string, name: string): { key: string; high: number; low: number } {
  const digest = createHash('sha256').update(`newsmill\0${schema}\0${name}`).digest();
  return {
    key: digest.readBigInt64BE(0).toString(),
    high: digest.readUInt32BE(0),
    low: digest.readUInt32BE(4),
  };
}

/**
 * Takes lock `name` of the store at `target`, or tells who holds it (null when the holder let go
 * too often while being looked up). The lock keeps a connection of its own until released.
 */
export async function tryAdvisoryLock(
  target: AdvisoryLockTarget,
  name: string,
  options: AdvisoryLockOptions,
): Promise<HeldAdvisoryLock | { heldBy: AdvisoryLockHolder | null }> {
  const where = `lock "${name}" of schema ${target.schema} on ${redactStoreUrl(target.url)}`;
  const client = new pg.Client({
    connectionString: target.url,
    keepAlive: true,
    connectionTimeoutMillis: 20_000,
  });
  let state: 'taking' | 'held' | 'released' = 'taking';
  // Without a listener, an error on an idle client would crash the process.
  client.on('error', () => undefined);
  client.on('end', () => {
    if (state !== 'held') return;
    state = 'released';
    options.onLost?.(new AdvisoryLockLostError(`lost the ${where}: its connection ended`));
  });
  const key = advisoryLockKey(target.schema, name);
  try {
    await client.connect();
    await configureSession(client, `${options.purpose} pid ${process.pid} on ${hostname()}`);
    for (let round = 0; round < ROUNDS; round += 1) {
      const taken = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1::bigint) AS locked',
        [key.key],
      );
      if (taken.rows[0]?.locked === true) {
        state = 'held';
        return { release: () => release() };
      }
      const holder = await readHolder(client, key);
      if (holder !== null) {
        await client.end();
        return { heldBy: holder };
      }
    }
    await client.end();
    return { heldBy: null };
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new AdvisoryLockError(`cannot take the ${where}: ${describeCause(error)}`, { cause: error });
  }

  async function release(): Promise<void> {
    if (state !== 'held') return;
    state = 'released';
    // Ending the connection releases the lock too; unlocking first frees it at once for a waiter
    // even if closing takes a while.
    await client.query('SELECT pg_advisory_unlock($1::bigint)', [key.key]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

async function configureSession(client: pg.Client, application: string): Promise<void> {
  const settings = [['application_name', application], ...SESSION_SETTINGS];
  const rows = settings.map((_, i) => `($${2 * i + 1}::text, $${2 * i + 2}::text)`).join(', ');
  // set_config is volatile, so the filter runs first: an older server never sees a setting it lacks.
  await client.query(
    `SELECT set_config(name, value, false) FROM (VALUES ${rows}) AS s(name, value)
      WHERE name <> 'idle_session_timeout' OR current_setting('server_version_num')::int >= 140000`,
    settings.flat(),
  );
}

// pg_locks keeps a bigint key as its two halves, and the lock's database: advisory locks are per
// database, so another database's lock with the same key is not ours.
async function readHolder(
  client: pg.Client,
  key: ReturnType<typeof advisoryLockKey>,
): Promise<AdvisoryLockHolder | null> {
  const result = await client.query<{
    pid: number;
    app: string | null;
    since: Date | null;
    addr: string | null;
  }>(
    `SELECT a.pid, a.application_name AS app, a.backend_start AS since, host(a.client_addr) AS addr
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid::bigint = $1 AND l.objid::bigint = $2
      LIMIT 1`,
    [key.high, key.low],
  );
  const row = result.rows[0];
  if (row === undefined) return null;
  return {
    application: typeof row.app === 'string' && row.app !== '' ? row.app : '(a session without a name)',
    backendPid: Number(row.pid),
    since: row.since instanceof Date && !Number.isNaN(row.since.getTime()) ? row.since.toISOString() : null,
    clientAddress: typeof row.addr === 'string' ? row.addr : null,
  };
}

// A driver or server error's own words; they never carry the connection's password.
function describeCause(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
