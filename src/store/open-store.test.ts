import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NotASqliteStoreError, openStore, sqliteStoreFile } from './open-store.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('openStore', () => {
  it('opens the SQLite file a target names, read-only without creating it', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-open-store-'));
    const file = path.join(dir, 'nested', 'newsmill.db');
    const reading = await openStore({ kind: 'sqlite', path: file }, { readonly: true });
    expect(await reading.listSources()).toEqual([]);
    await reading.close();
    expect(existsSync(file)).toBe(false);
    const writing = await openStore({ kind: 'sqlite', path: file });
    await writing.registerSource({ key: 'a', location: '/a.xml', categories: ['a', 'b', 'c'] });
    await writing.close();
    expect(existsSync(file)).toBe(true);
  });
});

describe('sqliteStoreFile', () => {
  it('gives the file of a SQLite target, and refuses PostgreSQL naming it without its password', () => {
    expect(sqliteStoreFile({ kind: 'sqlite', path: '/site/news.db' }, 'copying')).toBe('/site/news.db');
    const postgres = {
      kind: 'postgres' as const,
      url: 'postgres://news:hunter2@db/news',
      schema: 'newsmill',
    };
    expect(() => sqliteStoreFile(postgres, 'copying the store')).toThrow(NotASqliteStoreError);
    expect(() => sqliteStoreFile(postgres, 'copying the store')).toThrow(
      'copying the store needs a SQLite store file, and the config names PostgreSQL: postgres://news:***@db/news (schema newsmill)',
    );
  });
});
