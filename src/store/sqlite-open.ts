import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../core/errors.js';
import { SCHEMA_VERSION, migrate } from './migrations.js';
import { StoreUnusableError, storeFaultOf, unusableStoreError } from './store-faults.js';

/** An open store database, and how to let go of it. */
export interface OpenDatabase {
  db: Database.Database;
  /** The file other threads may open to read items (see `Store.itemReaderSpec`), or null. */
  readerFile: string | null;
  /** Closes the database and removes any private copy of it. */
  close(): void;
}

/** Opens the store at `file` for reading and writing, creating and migrating it as needed. */
export function openWritableDatabase(file: string): OpenDatabase {
  let db: Database.Database | null = null;
  try {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    db = new Database(file);
    // WAL keeps readers (a preview server) unblocked while a run writes, and survives kill -9.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    refuseNewerSchema(db.pragma('user_version', { simple: true }) as number, file);
    migrate(db);
  } catch (error) {
    db?.close();
    throw (
      unusableStoreError(error, file) ?? new StoreError(`cannot open the store ${file}`, { cause: error })
    );
  }
  const open = db;
  return { db: open, readerFile: file === ':memory:' ? null : file, close: () => open.close() };
}

/**
 * Opens the store at `file` for reading only, as `build`, `sources` and `export` do, so that a
 * store its user may not write (a read-only folder, another user's cache) can still be read. A
 * missing store reads as an empty one and is not created.
 */
export function openReadOnlyDatabase(file: string): OpenDatabase {
  if (file === ':memory:' || !existsSync(file)) return openWritableDatabase(':memory:');
  let open: OpenDatabase;
  try {
    const db = openCurrent(file);
    open = { db, readerFile: file, close: () => db.close() };
  } catch (error) {
    const unusable = unusableStoreError(error, file);
    if (unusable?.fault !== 'read-only' && unusable?.fault !== 'unopenable')
      throw unusable ?? new StoreError(`cannot read the store ${file}`, { cause: error });
    open = openPrivateCopy(file);
  }
  try {
    refuseNewerSchema(open.db.pragma('user_version', { simple: true }) as number, file);
  } catch (error) {
    open.close();
    throw error;
  }
  return open;
}

/**
 * Refuses a store written by a newer newsmill: its tables may hold what this build cannot read
 * right, or would write wrong (the PostgreSQL store refuses the same way, pg-migrations.ts).
 */
function refuseNewerSchema(version: number, file: string): void {
  if (version > SCHEMA_VERSION)
    throw new StoreUnusableError(
      `the store ${file} has schema version ${version}, newer than this newsmill's ${SCHEMA_VERSION}: ` +
        `it was written by a newer newsmill. Upgrade newsmill on this machine.`,
      'unopenable',
      file,
    );
}

/**
 * Opens `file` read-only, migrating it first when its schema is older (which needs write access
 * once). Reading the schema version is the first read, which in WAL mode opens the -shm index.
 */
function openCurrent(file: string): Database.Database {
  const open = (): Database.Database => {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      return db;
    } catch (error) {
      db.close();
      throw error;
    }
  };
  const db = open();
  let version: number;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    db.close();
    throw error;
  }
  if (version >= SCHEMA_VERSION) return db;
  db.close();
  openWritableDatabase(file).close();
  return open();
}

/**
 * Reads a copy of the store. A WAL database is read through its -shm index, which SQLite creates
 * beside the store unless it exists (https://sqlite.org/wal.html#readonly): in a folder this user
 * may not write, only a copy in a writable folder can be read. The -wal file goes along, so that
 * commits not yet checkpointed into the store are read too.
 */
function openPrivateCopy(file: string): OpenDatabase {
  const folder = mkdtempSync(path.join(tmpdir(), 'newsmill-store-'));
  const copy = path.join(folder, path.basename(file));
  const discard = (): void => rmSync(folder, { recursive: true, force: true });
  try {
    copyFileSync(file, copy);
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
    const db = openCurrent(copy);
    return {
      db,
      readerFile: copy,
      close: () => {
        db.close();
        discard();
      },
    };
  } catch (error) {
    discard();
    if (storeFaultOf(error) === 'damaged') throw unusableStoreError(error, file) ?? error;
    // Its own folder was no way to read it either; the cause says what stood in the way.
    throw new StoreError(`cannot read the store ${file}`, { cause: error });
  }
}
