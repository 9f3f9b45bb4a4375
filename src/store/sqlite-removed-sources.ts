import type Database from 'better-sqlite3';
import type { OutputKind, RemovedSource } from './store.js';
import { trustedRemovalTime } from './store-values.js';

interface SourceMarkRow {
  id: number;
  key: string;
  removed_at: string | null;
}

/** The sources table's marks of sources no longer configured, and their purge. */
export interface RemovedSourceTable {
  /** Marks sources missing from `activeKeys` as removed (once) and clears the mark of those back, returning their keys. */
  note(activeKeys: readonly string[], now: Date): string[];
  /** Sources missing from `activeKeys`, oldest removal first, with their items and recorded files. */
  list(activeKeys: readonly string[], now: Date): RemovedSource[];
  /** Deletes a source's row with its items, fetch log, file records and remembered expiries. */
  purge(sourceKey: string): void;
  /** Forgets recorded files of a source (deleted already) so that nothing tries them again. */
  forgetOutputs(sourceKey: string, kind: OutputKind, files: readonly string[]): void;
}

/** Prepares the statements on an open, migrated database. */
export function createRemovedSourceTable(db: Database.Database): RemovedSourceTable {
  const statements = {
    marks: db.prepare<[], SourceMarkRow>('SELECT id, key, removed_at FROM sources ORDER BY id'),
    setMark: db.prepare<[string | null, number]>('UPDATE sources SET removed_at = ? WHERE id = ?'),
    itemCount: db.prepare<[number], { count: number }>(
      'SELECT COUNT(*) AS count FROM items WHERE source_id = ?',
    ),
    outputs: db.prepare<[number], { kind: OutputKind; file: string }>(
      'SELECT kind, file FROM output_files WHERE source_id = ? ORDER BY kind, file',
    ),
    sourceId: db.prepare<[string], { id: number }>('SELECT id FROM sources WHERE key = ?'),
    forget: db.prepare<[string, number, string]>(
      'DELETE FROM output_files WHERE kind = ? AND source_id = ? AND file = ?',
    ),
  };
  const gone = (activeKeys: readonly string[]): SourceMarkRow[] => {
    const active = new Set(activeKeys);
    return statements.marks.all().filter((row) => !active.has(row.key));
  };
  const note = db.transaction((activeKeys: readonly string[], now: Date) => {
    const active = new Set(activeKeys);
    const returned: string[] = [];
    for (const row of statements.marks.all()) {
      if (active.has(row.key)) {
        // Added back before the purge: it keeps its items and its history.
        if (row.removed_at === null) continue;
        statements.setMark.run(null, row.id);
        returned.push(row.key);
      } else if (trustedRemovalTime(row.removed_at, now) === null) {
        statements.setMark.run(now.toISOString(), row.id);
      }
    }
    return returned;
  });
  // Child rows are deleted by name rather than left to ON DELETE CASCADE: a connection without
  // foreign_keys on (another tool's) must not leave orphans that a re-added source would inherit.
  const purge = db.transaction((sourceKey: string) => {
    const id = statements.sourceId.get(sourceKey)?.id;
    if (id === undefined) return;
    // Cached article pages were only kept to avoid fetching them again for these items.
    db.prepare('DELETE FROM page_cache WHERE url IN (SELECT link FROM items WHERE source_id = ?)').run(id);
    for (const table of ['items', 'fetch_log', 'output_files', 'expired_items'])
      db.prepare(`DELETE FROM ${table} WHERE source_id = ?`).run(id);
    db.prepare('DELETE FROM sources WHERE id = ?').run(id);
  });
  const forget = db.transaction((sourceKey: string, kind: OutputKind, files: readonly string[]) => {
    const id = statements.sourceId.get(sourceKey)?.id;
    if (id === undefined) return;
    for (const file of files) statements.forget.run(kind, id, file);
  });
  return {
    note: (activeKeys, now) => note(activeKeys, now),
    list: (activeKeys, now) =>
      gone(activeKeys)
        .map((row) => ({
          key: row.key,
          removedAt: trustedRemovalTime(row.removed_at, now) ?? now.toISOString(),
          itemCount: statements.itemCount.get(row.id)?.count ?? 0,
          outputs: statements.outputs.all(row.id),
        }))
        .sort((a, b) => a.removedAt.localeCompare(b.removedAt)),
    purge: (sourceKey) => purge(sourceKey),
    forgetOutputs: (sourceKey, kind, files) => forget(sourceKey, kind, files),
  };
}
