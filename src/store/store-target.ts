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
