import type Database from 'better-sqlite3';
import type { ItemRef, OutputKind, OutputRecord, OutputStamp } from './store.js';

/** The output records as publishing reads and writes them: which file, written from what. */
export interface PublishStateTable {
  /** The file recorded for an item's output of `kind`; null when none is, or the source is unknown. */
  fileOf(kind: OutputKind, sourceId: number | undefined, identity: string): string | null;
  /** See `Store.listUnpublished`. */
  listUnpublished(kind: OutputKind, settings: ReadonlyMap<string, string>): ItemRef[];
  /** Records the file of an item's output and what it was written from (nothing known: null). */
  record(
    kind: OutputKind,
    sourceId: number,
    identity: string,
    file: string,
    stamp: OutputStamp | undefined,
    now: string,
  ): void;
  /** Records every one of `records` in one transaction; `sourceId` resolves (or refuses) a source key. */
  recordMany(
    kind: OutputKind,
    records: readonly OutputRecord[],
    sourceId: (sourceKey: string) => number,
    now: string,
  ): void;
}

/**
 * Due outputs, per wanted source: the covering index items_publish_state gives each item's
 * identity and change time without reading its row (where the article body sits), and the output
 * record is looked up by its key; a run with nothing new reads no item row at all.
 */
const UNPUBLISHED = `
  WITH wanted AS MATERIALIZED (SELECT key, value AS settings FROM json_each(@settings))
  SELECT s.key AS source_key, i.identity AS identity
  FROM wanted w
  JOIN sources s ON s.key = w.key
  JOIN items i INDEXED BY items_publish_state ON i.source_id = s.id
  LEFT JOIN output_files o ON o.kind = @kind AND o.source_id = i.source_id AND o.identity = i.identity
  WHERE o.file IS NULL OR o.written_from IS NOT i.changed_at OR o.written_with IS NOT w.settings`;

/** Prepares the publishing queries on an open, migrated database. */
export function createPublishStateTable(db: Database.Database): PublishStateTable {
  const unpublished = db.prepare<
    [{ kind: string; settings: string }],
    { source_key: string; identity: string }
  >(UNPUBLISHED);
  const outputFile = db.prepare<[string, number, string], { file: string }>(
    'SELECT file FROM output_files WHERE kind = ? AND source_id = ? AND identity = ?',
  );
  const record = db.prepare(
    `INSERT INTO output_files (kind, source_id, identity, file, written_at, written_from, written_with)
     VALUES (@kind, @source_id, @identity, @file, @now, @from, @settings)
     ON CONFLICT (kind, source_id, identity) DO UPDATE SET file = excluded.file,
       written_at = excluded.written_at, written_from = excluded.written_from,
       written_with = excluded.written_with`,
  );
  const write: PublishStateTable['record'] = (kind, sourceId, identity, file, stamp, now) => {
    record.run({
      kind,
      source_id: sourceId,
      identity,
      file,
      now,
      from: stamp?.from ?? null,
      settings: stamp?.settings ?? null,
    });
  };
  const recordMany = db.transaction(
    (kind: OutputKind, records: readonly OutputRecord[], sourceId: (key: string) => number, now: string) => {
      const ids = new Map<string, number>();
      for (const { sourceKey, identity, file, stamp } of records) {
        let id = ids.get(sourceKey);
        if (id === undefined) ids.set(sourceKey, (id = sourceId(sourceKey)));
        write(kind, id, identity, file, stamp, now);
      }
    },
  );
  return {
    fileOf: (kind, sourceId, identity) =>
      sourceId === undefined ? null : (outputFile.get(kind, sourceId, identity)?.file ?? null),
    listUnpublished(kind, settings) {
      if (settings.size === 0) return [];
      const wanted = JSON.stringify(Object.fromEntries(settings));
      return unpublished
        .all({ kind, settings: wanted })
        .map((row) => ({ sourceKey: row.source_key, identity: row.identity }));
    },
    record: write,
    recordMany: (kind, records, sourceId, now) => recordMany(kind, records, sourceId, now),
  };
}
