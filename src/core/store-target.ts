/*
 * The contract between the config, which names the store, and the store, the locks and the workers,
 * which open it. It lives here so that config/ can resolve `store:` without reaching into store/.
 */

/**
 * Which store the config names: the embedded SQLite file (the default), or a PostgreSQL database
 * shared by several machines. Every command opens its store from this, never from a path alone.
 */
export type StoreTarget =
  | {
      kind: 'sqlite';
      /** The database file, absolute. */
      path: string;
    }
  | {
      kind: 'postgres';
      /** A `postgres://` connection URL; its password may also come from `PGPASSWORD`. */
      url: string;
      /** The schema newsmill's tables live in, so that one database can hold several sites. */
      schema: string;
    };

/**
 * A connection URL fit for a message or a log: any password becomes `***`. A URL that does not
 * parse is not echoed at all, since the password could be anywhere in it.
 */
export function redactStoreUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(a connection URL that does not parse)';
  }
  if (parsed.password !== '') parsed.password = '***';
  // libpq also takes the password as a query parameter.
  if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
  return parsed.href;
}

/** Names a store in messages: the SQLite file, or the PostgreSQL URL (redacted) and schema. */
export function describeStoreTarget(target: StoreTarget): string {
  return target.kind === 'sqlite' ? target.path : `${redactStoreUrl(target.url)} (schema ${target.schema})`;
}
