import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempFolder } from '../test-support/temp-folder.js';
import { openTestStore } from '../test-support/test-store.js';
import { SCHEMA_VERSION } from './migrations.js';
import { sqliteItemReaderSpec } from './item-reader.js';
import { openSqliteStore } from './sqlite-store.js';

describe('a store opened read-only', () => {
  it('reads a missing store as empty without creating it', async () => {
    const dir = tempFolder('newsmill-open-');
    const file = path.join(dir, 'nested', 'newsmill.db');
    const store = openTestStore(file, { readonly: true });
    expect(await store.listSources()).toEqual([]);
    expect(await store.listItemHeaders()).toEqual([]);
    expect(existsSync(path.join(dir, 'nested'))).toBe(false);
  });

  it('reads what was stored, and refuses writes without changing a byte', async () => {
    const dir = tempFolder('newsmill-open-');
    const file = path.join(dir, 'newsmill.db');
    const writable = openSqliteStore(file);
    await writable.registerSource({ key: 'src', location: 'a.xml', categories: ['a', 'b', 'c'] });
    await writable.close();
    const before = readFileSync(file);
    const store = openTestStore(file, { readonly: true });
    expect((await store.listSources()).map((source) => source.key)).toEqual(['src']);
    expect(store.itemReaderSpec?.()).toEqual(sqliteItemReaderSpec(file));
    const registering = store.registerSource({ key: 'b', location: 'b.xml', categories: ['a', 'b', 'c'] });
    await expect(registering).rejects.toMatchObject({ name: 'StoreUnusableError', fault: 'read-only' });
    await store.close();
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

describe('a store written by a newer newsmill', () => {
  it('is refused for writing and for reading, and left as it was', async () => {
    const dir = tempFolder('newsmill-open-');
    const file = path.join(dir, 'newsmill.db');
    await openSqliteStore(file).close();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    for (const readonly of [false, true])
      expect(() => openSqliteStore(file, { readonly })).toThrow(
        expect.objectContaining({
          name: 'StoreUnusableError',
          fault: 'unopenable',
          message: expect.stringMatching(/has schema version \d+, newer than this newsmill's \d+/),
        }),
      );
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    after.close();
  });
});
