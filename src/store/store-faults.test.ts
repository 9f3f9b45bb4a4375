import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StoreError } from '../core/errors.js';
import { damageHeader, damageTable } from '../test-support/damaged-store.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { openTestStore } from '../test-support/test-store.js';
import { openSqliteStore } from './sqlite-store.js';
import { StoreUnusableError, storeFaultOf, unusableStoreError } from './store-faults.js';

const item = {
  id: 'g1',
  title: 'Title',
  link: 'https://a.cn/1',
  published: '2024-01-01T00:00:00.000Z',
  updated: null,
  author: null,
  summary: null,
  content: '<p>body</p>',
  categories: [],
  enclosures: [],
  image: null,
  baseUrl: null,
};

// Restores the mocks before a test's store is closed: vitest runs onTestFinished hooks after afterEach.
afterEach(() => {
  vi.restoreAllMocks();
});

/** A store file with one registered source, closed. */
async function makeStore(): Promise<string> {
  const file = path.join(tempFolder('newsmill-faults-'), 'newsmill.db');
  const created = openSqliteStore(file);
  await created.registerSource({ key: 'src', location: 'a.xml', categories: ['a', 'b', 'c'] });
  await created.saveItems('src', [{ identity: 'id:g0', item }], '2024-01-01T00:00:00.000Z');
  await created.close();
  return file;
}

const sqliteError = (code: string, message = 'x'): Error => new Database.SqliteError(message, code);

describe('storeFaultOf', () => {
  it('names the faults that make the whole store unusable, extended codes included', () => {
    expect(storeFaultOf(sqliteError('SQLITE_CORRUPT'))).toBe('damaged');
    expect(storeFaultOf(sqliteError('SQLITE_CORRUPT_INDEX'))).toBe('damaged');
    expect(storeFaultOf(sqliteError('SQLITE_NOTADB'))).toBe('damaged');
    expect(storeFaultOf(sqliteError('SQLITE_FULL'))).toBe('full');
    expect(storeFaultOf(sqliteError('SQLITE_IOERR_WRITE'))).toBe('io');
    expect(storeFaultOf(sqliteError('SQLITE_READONLY_DIRECTORY'))).toBe('read-only');
    expect(storeFaultOf(new TypeError('The database connection is not open'))).toBe('closed');
  });

  it('leaves errors of one statement alone', () => {
    expect(storeFaultOf(sqliteError('SQLITE_CONSTRAINT_UNIQUE'))).toBeNull();
    expect(storeFaultOf(sqliteError('SQLITE_FULLNESS'))).toBeNull();
    expect(storeFaultOf(new TypeError('x is not a function'))).toBeNull();
    expect(storeFaultOf('SQLITE_FULL')).toBeNull();
  });

  it('says what to do, naming the file or the folder', () => {
    const file = '/data/news/newsmill.db';
    expect(unusableStoreError(sqliteError('SQLITE_FULL', 'database or disk is full'), file)?.message).toBe(
      'the disk holding the store /data/news/newsmill.db is full (database or disk is full); ' +
        'free space in /data/news and run again.',
    );
    const damaged = unusableStoreError(sqliteError('SQLITE_CORRUPT', 'malformed'), file)?.message;
    expect(damaged).toMatch(/^the store \/data\/news\/newsmill\.db is damaged \(malformed\)\. Restore it/);
    expect(damaged).toContain('`newsmill import <file>` with a file written by `newsmill export`');
  });
});

describe('a store that cannot be used', () => {
  it('fails saves and reads of a damaged table with StoreUnusableError', async () => {
    const file = await makeStore();
    damageTable(file, 'items');
    const store = openTestStore(file);
    const saving = store.saveItems('src', [{ identity: 'id:g1', item }], '2024-01-02T00:00:00.000Z');
    await expect(saving).rejects.toThrow(StoreUnusableError);
    await expect(saving).rejects.toMatchObject({ fault: 'damaged', file });
    await expect(store.listItems('src')).rejects.toThrow(StoreUnusableError);
    const reading = store.getItems([{ sourceKey: 'src', identity: 'id:g0' }]);
    await expect(reading).rejects.toThrow(/database disk image is malformed/);
  });

  it('refuses to open a file that is no longer a database', async () => {
    const file = await makeStore();
    damageHeader(file);
    expect(() => openSqliteStore(file)).toThrow(StoreUnusableError);
    // A store failure like any other to a caller that catches those.
    expect(() => openSqliteStore(file)).toThrow(StoreError);
    expect(() => openSqliteStore(file)).toThrow(/is damaged \(file is not a database\)/);
  });

  it('stops on a full disk at the first write', async () => {
    const file = await makeStore();
    const store = openTestStore(file);
    const statement = Object.getPrototypeOf(new Database(':memory:').prepare('SELECT 1')) as {
      run: () => unknown;
    };
    vi.spyOn(statement, 'run').mockImplementation(() => {
      throw sqliteError('SQLITE_FULL', 'database or disk is full');
    });
    const registering = store.registerSource({ key: 'b', location: 'b.xml', categories: ['a', 'b', 'c'] });
    await expect(registering).rejects.toMatchObject({ name: 'StoreUnusableError', fault: 'full' });
    await expect(store.recordOutputFile('hexo', 'src', 'id', 'f.md')).rejects.toThrow(
      `free space in ${path.dirname(file)}`,
    );
  });

  it('reports calls after close as a store fault, not a bug in a source', async () => {
    const file = await makeStore();
    const store = openTestStore(file);
    await store.close();
    await expect(store.getFetchState('src')).rejects.toMatchObject({ fault: 'closed' });
  });
});
