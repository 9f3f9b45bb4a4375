import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { openPostgresStore } from '../store/pg-store.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { hasTestPostgres, useTestPostgres, type TestPostgres } from './test-postgres.js';

/*
 * The backends the store contract suite (src/store/store-contract*.test.ts) runs every test
 * against. A place is one empty store: a SQLite file in a folder of its own, or a schema of its
 * own in one PostgreSQL database per test file. Stores opened here are closed after each test, and
 * the folders and the database removed after the file.
 */

/** One empty store's location, which may be opened several times (a restart, a read-only view). */
export interface StorePlace {
  open(options?: { readonly?: boolean }): Promise<Store>;
  /** A second place of the same backend, e.g. the other end of an import. */
  sibling(): Promise<StorePlace>;
  /** The PostgreSQL URL and schema of the place, or the SQLite file. */
  readonly address: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema: string };
}

/** A store backend under test. */
export interface StoreBackend {
  name: 'sqlite' | 'postgres';
  /** False when the backend cannot run here (no PostgreSQL configured, outside CI). */
  available: boolean;
  /** A new, empty place for a store. */
  place(): Promise<StorePlace>;
}

const opened: Store[] = [];
const folders: string[] = [];
let database: Promise<TestPostgres> | null = null;
let schemas = 0;

async function track(store: Promise<Store>): Promise<Store> {
  const open = await store;
  opened.push(open);
  return open;
}

function sqlitePlace(): StorePlace {
  const folder = mkdtempSync(path.join(tmpdir(), 'newsmill-contract-'));
  folders.push(folder);
  const file = path.join(folder, 'store', 'newsmill.db');
  return {
    open: (options = {}) => track(Promise.resolve(openSqliteStore(file, options))),
    sibling: async () => sqlitePlace(),
    address: { kind: 'sqlite', file },
  };
}

async function postgresPlace(): Promise<StorePlace> {
  database ??= useTestPostgres();
  const { url } = await database;
  const schema = `contract_${++schemas}`;
  return {
    open: (options = {}) => track(openPostgresStore({ url, schema }, options)),
    sibling: postgresPlace,
    address: { kind: 'postgres', url, schema },
  };
}

/** The backends, with their clean-up registered on the calling test file. */
export function useStoreBackends(): StoreBackend[] {
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });
  afterAll(async () => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
    const dropping = database;
    database = null;
    await (await dropping)?.drop();
  });
  return [
    { name: 'sqlite', available: true, place: async () => sqlitePlace() },
    { name: 'postgres', available: hasTestPostgres, place: postgresPlace },
  ];
}

/** Opens a new, empty store of `backend`. */
export async function emptyStore(backend: StoreBackend): Promise<Store> {
  return (await backend.place()).open();
}
