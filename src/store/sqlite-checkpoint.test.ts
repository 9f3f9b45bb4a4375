import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../core/errors.js';
import { checkpointStore } from './sqlite-checkpoint.js';
import { openWritableDatabase } from './sqlite-open.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A store whose last commits sit in its -wal file, with a connection still open on it. */
function storeWithLog(): { file: string; writer: Database.Database } {
  dir = mkdtempSync(path.join(tmpdir(), 'newsmill-checkpoint-'));
  const file = path.join(dir, 'newsmill.db');
  const { db } = openWritableDatabase(file);
  db.pragma('wal_autocheckpoint = 0');
  db.exec("CREATE TABLE notes (key TEXT); INSERT INTO notes VALUES ('a')");
  return { file, writer: db };
}

function noteKeys(file: string): unknown[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT key FROM notes').pluck().all();
  } finally {
    db.close();
  }
}

describe('checkpointStore', () => {
  it('empties the log into the store file and reports the pages and the size', () => {
    const { file, writer } = storeWithLog();
    const result = checkpointStore(file);
    expect(result.problems).toEqual([]);
    expect(result.pagesWrittenBack).toBeGreaterThan(0);
    expect(result.bytes).toBeGreaterThan(0);
    // The writer's connection is still open, so the emptied log stays, at zero bytes; a copy of
    // the store file alone holds the commit.
    expect(statSync(`${file}-wal`).size).toBe(0);
    copyFileSync(file, path.join(dir, 'copy.db'));
    writer.close();
    expect(noteKeys(path.join(dir, 'copy.db'))).toEqual(['a']);
  });

  it('fails by name while a reader keeps the log from being emptied, and loses nothing', () => {
    const { file, writer } = storeWithLog();
    const reader = new Database(file, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT COUNT(*) FROM notes').get();
    let failure: unknown = null;
    try {
      checkpointStore(file);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(StoreError);
    expect(String(failure)).toContain('is in use by another process; its log was not emptied');
    reader.exec('COMMIT');
    reader.close();
    writer.close();
    expect(noteKeys(file)).toEqual(['a']);
  }, 20_000);
});
