import type pg from 'pg';
import type { FeedItem } from '../core/model.js';
import { exportPostgres, importPostgres } from './pg-backup.js';
import { inTransaction } from './pg-connection.js';
import { postgresCallError } from './pg-faults.js';
import { instantParameter } from './store-values.js';
import {
  listEveryItem,
  listHeaders,
  listSourceItems,
  listStaleCleanings,
  readItems,
  readItemsMark,
} from './pg-item-reads.js';
import { saveCleanings, saveItemBatch, type Cleaning } from './pg-items.js';
import { openPostgresPool } from './pg-open.js';
import { readHasItems, readStoredIdentities } from './pg-known-items.js';
import * as outputs from './pg-outputs.js';
import { deleteExpiredItems, findExpiredItems } from './pg-retention.js';
import { listRemovedSources, noteRemovedSources, purgeSource } from './pg-removed-sources.js';
import {
  listSourceRecords,
  readFetchState,
  readSourceRecord,
  registerSource,
  registerSources,
  writeFetchRecord,
  writeSchedule,
  writeSchedules,
} from './pg-sources.js';
import { openSqliteStore } from './sqlite-store.js';
import { StoreUnusableError } from './store-faults.js';
import type {
  ExpiredItem,
  FetchRecord,
  ItemHeader,
  ItemsMark,
  ItemReaderSpec,
  ItemRef,
  StoredIdentity,
  OutputKind,
  OutputRecord,
  RemovedSource,
  RetentionPolicy,
  SavedItem,
  SourceFetchState,
  SourceRecord,
  SourceRegistration,
  SourceSchedule,
  Store,
  StoreExport,
  StoredItem,
  ItemWithoutBodies,
} from './store.js';

/** Where the store lives: a `postgres://` URL (its password may also come from `PGPASSWORD`) and a schema. */
export interface PostgresStoreTarget {
  url: string;
  schema: string;
}

/** How to open a PostgreSQL store. */
export interface PostgresStoreOptions {
  /**
   * Read only (`build`, `sources`, `export`): nothing is written and nothing migrated; a schema that
   * does not exist yet reads as an empty store, one of an older version fails with what to run.
   */
  readonly?: boolean;
  /** Connections the store may hold at once (default 4). */
  connections?: number;
}

/**
 * Opens the store in `target`'s schema, creating and migrating the schema as needed (several
 * processes may open it at once). A server that cannot be reached or refuses fails with a
 * StoreUnusableError whose message names the URL without its password.
 */
export async function openPostgresStore(
  target: PostgresStoreTarget,
  options: PostgresStoreOptions = {},
): Promise<Store> {
  const readonly = options.readonly ?? false;
  const opened = await openPostgresPool(target, readonly, options.connections);
  // Like a SQLite store that does not exist yet: nothing to read, and nothing is created.
  if (opened === null) return openSqliteStore(':memory:');
  return new PostgresStore(opened.pool, opened.where, readonly);
}

/** The `now` a caller passes, checked: it becomes cutoffs of queries that delete. */
function dateOf(now: string): Date {
  return new Date(instantParameter(now, 'the current time'));
}

class PostgresStore implements Store {
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly where: string,
    private readonly readonly: boolean,
  ) {}

  registerSource(source: SourceRegistration): Promise<SourceFetchState> {
    return this.write('register source', source.key, () => registerSource(this.pool, source, new Date()));
  }

  registerSources(sources: readonly SourceRegistration[]): Promise<void> {
    return this.write('register sources', `${sources.length} sources`, () =>
      registerSources(this.pool, sources, new Date()),
    );
  }

  getFetchState(sourceKey: string): Promise<SourceFetchState> {
    return this.run('read the fetch state', sourceKey, () => readFetchState(this.pool, sourceKey));
  }

  saveItems(
    sourceKey: string,
    items: ReadonlyArray<{ identity: string; item: FeedItem }>,
    seenAt: string,
  ): Promise<SavedItem[]> {
    return this.write('save items', sourceKey, () => {
      const seen = instantParameter(seenAt, 'the time the items were seen');
      return inTransaction(this.pool, (client) => saveItemBatch(client, sourceKey, items, seen, this.where));
    });
  }

  saveCleanedContent(sourceKey: string, items: readonly Cleaning[]): Promise<void> {
    return this.write('save cleaned articles', sourceKey, () =>
      saveCleanings(this.pool, sourceKey, items, this.where),
    );
  }

  recordFetch(record: FetchRecord): Promise<void> {
    return this.write('record fetch', record.sourceKey, () =>
      writeFetchRecord(this.pool, record, this.where),
    );
  }

  recordSchedules(entries: ReadonlyArray<{ sourceKey: string; schedule: SourceSchedule }>): Promise<void> {
    return this.write('record the schedules', `${entries.length} sources`, () =>
      writeSchedules(this.pool, entries, this.where),
    );
  }

  recordSchedule(sourceKey: string, schedule: SourceSchedule): Promise<void> {
    return this.write('record the schedule', sourceKey, () =>
      writeSchedule(this.pool, sourceKey, schedule, this.where),
    );
  }

  listItems(sourceKey: string): Promise<StoredItem[]> {
    return this.run('list items', sourceKey, () => listSourceItems(this.pool, sourceKey));
  }

  listSources(): Promise<SourceRecord[]> {
    return this.run('list sources', 'all sources', () => listSourceRecords(this.pool, new Date()));
  }

  getSource(sourceKey: string): Promise<SourceRecord | null> {
    return this.run('read the source', sourceKey, () => readSourceRecord(this.pool, sourceKey, new Date()));
  }

  listAllItems(): Promise<StoredItem[]> {
    return this.run('list items', 'all sources', () => listEveryItem(this.pool));
  }

  listItemHeaders(changedAfter?: string): Promise<ItemHeader[]> {
    return this.run('list items', 'all sources', () => listHeaders(this.pool, changedAfter));
  }

  itemsMark(upTo?: string): Promise<ItemsMark> {
    return this.run('summarize items', 'all sources', () => readItemsMark(this.pool, upTo));
  }

  getItems(refs: readonly ItemRef[]): Promise<Array<StoredItem | null>> {
    return this.run('read items', 'all sources', () => readItems(this.pool, refs, true));
  }

  getItemsWithoutBodies(refs: readonly ItemRef[]): Promise<Array<ItemWithoutBodies | null>> {
    return this.run('read items', 'all sources', () => readItems(this.pool, refs, false));
  }

  listStaleCleanings(sourceKey: string, key: string, limit: number): Promise<StoredItem[]> {
    return this.run('list stale cleanings', sourceKey, () =>
      listStaleCleanings(this.pool, sourceKey, key, limit),
    );
  }

  getOutputFile(kind: OutputKind, sourceKey: string, identity: string): Promise<string | null> {
    return this.run('read the output file', sourceKey, () =>
      outputs.readOutputFile(this.pool, kind, sourceKey, identity),
    );
  }

  getOutputFiles(kind: OutputKind, refs: readonly ItemRef[]): Promise<Array<string | null>> {
    return this.run('read the output files', 'all sources', () =>
      outputs.readOutputFiles(this.pool, kind, refs),
    );
  }

  recordOutputFile(
    kind: OutputKind,
    sourceKey: string,
    identity: string,
    file: string,
    stamp?: outputs.OutputStampValue,
  ): Promise<void> {
    const record = { kind, sourceKey, identity, file, writtenAt: new Date().toISOString() };
    return this.write('record output file', sourceKey, () =>
      outputs.writeOutputFile(this.pool, record, stamp, this.where),
    );
  }

  recordOutputFiles(kind: OutputKind, records: readonly OutputRecord[]): Promise<void> {
    const subject = records.length === 1 ? (records[0]?.sourceKey ?? '') : `${records.length} outputs`;
    const writtenAt = new Date().toISOString();
    return this.write('record output files', subject, () =>
      inTransaction(this.pool, async (client) => {
        for (const { sourceKey, identity, file, stamp } of records)
          await outputs.writeOutputFile(
            client,
            { kind, sourceKey, identity, file, writtenAt },
            stamp,
            this.where,
          );
      }),
    );
  }

  listUnpublished(kind: OutputKind, settings: ReadonlyMap<string, string>): Promise<ItemRef[]> {
    return this.run('list unpublished items', 'all sources', () =>
      outputs.listUnpublished(this.pool, kind, settings),
    );
  }

  forgetOutputFiles(kind: OutputKind, sourceKey: string, files: readonly string[]): Promise<void> {
    return this.write('forget output files', sourceKey, () =>
      outputs.forgetOutputFiles(this.pool, kind, sourceKey, files),
    );
  }

  findExpiredItems(policy: RetentionPolicy, now: string): Promise<ExpiredItem[]> {
    return this.run('apply retention', 'all sources', () => findExpiredItems(this.pool, policy, dateOf(now)));
  }

  removeExpiredItems(
    items: ReadonlyArray<Pick<ExpiredItem, 'sourceKey' | 'identity'>>,
    now: string,
  ): Promise<void> {
    return this.write('apply retention', 'all sources', () =>
      deleteExpiredItems(this.pool, items, dateOf(now)),
    );
  }

  storedIdentities(sourceKey: string, identities: readonly string[]): Promise<Map<string, StoredIdentity>> {
    return this.run('read stored identities', sourceKey, () =>
      readStoredIdentities(this.pool, sourceKey, identities),
    );
  }

  hasItems(sourceKey: string): Promise<boolean> {
    return this.run('read whether the source has items', sourceKey, () => readHasItems(this.pool, sourceKey));
  }

  noteRemovedSources(activeKeys: readonly string[], now: string): Promise<string[]> {
    return this.write('note removed sources', 'all sources', () =>
      noteRemovedSources(this.pool, activeKeys, dateOf(now)),
    );
  }

  listRemovedSources(activeKeys: readonly string[], now: string): Promise<RemovedSource[]> {
    return this.run('list removed sources', 'all sources', () =>
      listRemovedSources(this.pool, activeKeys, dateOf(now)),
    );
  }

  purgeSource(sourceKey: string): Promise<void> {
    return this.write('purge the source', sourceKey, () => purgeSource(this.pool, sourceKey));
  }

  getCachedPage(url: string): Promise<string | null> {
    return this.run('read the cached page', url, () => outputs.readCachedPage(this.pool, url));
  }

  putCachedPage(url: string, content: string, fetchedAt: string): Promise<void> {
    return this.write('cache page', url, () =>
      outputs.writeCachedPage(this.pool, url, content, instantParameter(fetchedAt, 'the fetch time')),
    );
  }

  exportData(): Promise<StoreExport> {
    return this.run('export', 'all sources', () => exportPostgres(this.pool));
  }

  importData(data: StoreExport): Promise<{ sources: number; items: number }> {
    return this.write('import', 'all sources', () => importPostgres(this.pool, data, this.where));
  }

  // Other threads read through getItems on the main thread: a second pool per worker thread would
  // multiply the connections for no gain over one batched query.
  itemReaderSpec(): ItemReaderSpec | null {
    return null;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async run<T>(action: string, subject: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      // A fault of the whole store ends the command with one message; anything else concerns
      // this one call, and the caller reports it and goes on.
      throw postgresCallError(error, action, subject, this.where);
    }
  }

  private write<T>(action: string, subject: string, work: () => Promise<T>): Promise<T> {
    if (this.readonly)
      return Promise.reject(
        new StoreUnusableError(
          `the PostgreSQL store ${this.where} was opened read-only: cannot ${action} for ${subject}.`,
          'read-only',
          this.where,
        ),
      );
    return this.run(action, subject, work);
  }
}
