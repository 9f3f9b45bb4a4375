import { closeSync, openSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';

/**
 * Overwrites the root page of `table` in the closed store `file` with garbage, as a bad sector or
 * a torn copy would: the store still opens, and the first statement touching the table fails with
 * SQLITE_CORRUPT ("database disk image is malformed").
 */
export function damageTable(file: string, table: string): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const page = db
    .prepare<[string], { rootpage: number }>('SELECT rootpage FROM sqlite_master WHERE name = ?')
    .get(table);
  const size = db.pragma('page_size', { simple: true }) as number;
  db.close();
  if (!page) throw new Error(`no table ${table} in ${file}`);
  overwrite(file, (page.rootpage - 1) * size, size);
}

/** Overwrites the store's header, so that SQLite no longer recognizes the file (SQLITE_NOTADB). */
export function damageHeader(file: string): void {
  overwrite(file, 0, 100);
}

function overwrite(file: string, offset: number, length: number): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.alloc(length, 0xa5), 0, length, offset);
  } finally {
    closeSync(fd);
  }
}
