import type Database from 'better-sqlite3';
import { StoreError } from '../core/errors.js';
import type { FeedItem } from '../core/model.js';
import { expiredPlaceholder, laterChange } from './item-history.js';
import { itemContentHash, itemParameters, rowToStoredItem, type ItemRow } from './item-rows.js';
import { sqliteItemReaderSpec } from './item-reader.js';
import { exportStoreData, importStoreData } from './sqlite-backup.js';
import { createItemHeaderReader, type ItemHeaderReader } from './sqlite-item-headers.js';
import { createIdentityReaders, type IdentityReaders } from './sqlite-known-items.js';
import { createPageCacheTable, type PageCacheTable } from './sqlite-page-cache.js';
import { createPublishStateTable, type PublishStateTable } from './sqlite-publish-state.js';
import { createRemovedSourceTable, type RemovedSourceTable } from './sqlite-removed-sources.js';
import { deleteExpiredItems, findExpiredItems } from './sqlite-retention.js';
import { openReadOnlyDatabase, openWritableDatabase, type OpenDatabase } from './sqlite-open.js';
import { createSourceTable, type SourceTable } from './sqlite-sources.js';
import { unusableStoreError } from './store-faults.js';
import { parseStoreInstant } from './store-instant.js';
import type {
  CleanedItem,
  ExpiredItem,
  FetchRecord,
  ItemHeader,
  ItemsMark,
  ItemReaderSpec,
  ItemRef,
  RetentionPolicy,
  StoreExport,
  StoredIdentity,
  OutputKind,
  OutputRecord,
  OutputStamp,
  RemovedSource,
  SavedItem,
  SourceFetchState,
  SourceRecord,
  SourceRegistration,
  SourceSchedule,
  OpenStoreOptions,
  Store,
  StoredItem,
  ItemWithoutBodies,
} from './store.js';

/** Opens (creating and migrating as needed) the SQLite store at `file`; `:memory:` works for tests. */
export function openSqliteStore(file: string, options: OpenStoreOptions = {}): Store {
  const open = options.readonly ? openReadOnlyDatabase(file) : openWritableDatabase(file);
  try {
    return new SqliteStore(open, file);
  } catch (error) {
    open.close();
    throw (
      unusableStoreError(error, file) ?? new StoreError(`cannot open the store ${file}`, { cause: error })
    );
  }
}

class SqliteStore implements Store {
  private readonly statements;
  private readonly sources: SourceTable;
  private readonly removed: RemovedSourceTable;
  private readonly publishState: PublishStateTable;
  private readonly identities: IdentityReaders;
  private readonly pages: PageCacheTable;

  private readonly db: Database.Database;

  constructor(
    private readonly open: OpenDatabase,
    private readonly file: string,
  ) {
    const db = (this.db = open.db);
    this.sources = createSourceTable(db);
    this.removed = createRemovedSourceTable(db);
    this.publishState = createPublishStateTable(db);
    this.identities = createIdentityReaders(db);
    this.pages = createPageCacheTable(db);
    this.statements = {
      isExpired: db.prepare<[number, string], { identity: string }>(
        'SELECT identity FROM expired_items WHERE source_id = ? AND identity = ?',
      ),
      touchExpired: db.prepare(
        'UPDATE expired_items SET last_seen_at = ? WHERE source_id = ? AND identity = ?',
      ),
      findItem: db.prepare<[number, string], ItemRow>(
        'SELECT * FROM items WHERE source_id = ? AND identity = ?',
      ),
      insertItem: db.prepare(
        `INSERT INTO items (source_id, identity, guid, title, link, published, updated, author, summary, content,
           categories, enclosures, image, base_url, content_hash, first_seen_at, last_seen_at, changed_at)
         VALUES (@source_id, @identity, @guid, @title, @link, @published, @updated, @author, @summary, @content,
           @categories, @enclosures, @image, @base_url, @content_hash, @seen_at, @seen_at, @seen_at)`,
      ),
      updateItem: db.prepare(
        `UPDATE items SET guid = @guid, title = @title, link = @link, published = @published, updated = @updated,
           author = @author, summary = @summary, content = @content, categories = @categories,
           enclosures = @enclosures, image = @image, base_url = @base_url, content_hash = @content_hash,
           first_seen_at = @first_seen_at, last_seen_at = @seen_at, changed_at = @changed_at
         WHERE source_id = @source_id AND identity = @identity`,
      ),
      touchItem: db.prepare('UPDATE items SET last_seen_at = ? WHERE source_id = ? AND identity = ?'),
      saveCleaning: db.prepare(
        `UPDATE items SET clean_html = @html, clean_cover = @cover, clean_text = @text, clean_key = @key,
           cleaned_from = @from
         WHERE source_id = @source_id AND identity = @identity AND changed_at = @from`,
      ),
      listItems: db.prepare<[number], ItemRow>(
        'SELECT * FROM items WHERE source_id = ? ORDER BY COALESCE(published, first_seen_at) DESC, id ASC',
      ),
      listAllItems: db.prepare<[], ItemRow & { source_key: string }>(
        `SELECT i.*, s.key AS source_key FROM items i JOIN sources s ON s.id = i.source_id
         ORDER BY COALESCE(i.published, i.first_seen_at) DESC, i.id ASC`,
      ),
    };
  }

  async registerSource(source: SourceRegistration): Promise<SourceFetchState> {
    return this.run('register source', source.key, () => {
      this.sources.register(source, new Date());
      return this.sources.fetchState(source.key);
    });
  }

  async registerSources(sources: readonly SourceRegistration[]): Promise<void> {
    const now = new Date();
    this.run('register sources', `${sources.length} sources`, () =>
      this.db.transaction(() => sources.forEach((source) => this.sources.register(source, now)))(),
    );
  }

  async getFetchState(sourceKey: string): Promise<SourceFetchState> {
    return this.run('read the fetch state', sourceKey, () => this.sources.fetchState(sourceKey));
  }

  async saveItems(
    sourceKey: string,
    items: ReadonlyArray<{ identity: string; item: FeedItem }>,
    seenAt: string,
  ): Promise<SavedItem[]> {
    return this.run('save items', sourceKey, () => {
      const sourceId = this.requireSourceId(sourceKey);
      const save = this.db.transaction(() =>
        items.map(({ identity, item }) => this.saveOne(sourceId, sourceKey, identity, item, seenAt)),
      );
      return save();
    });
  }

  private saveOne(
    sourceId: number,
    sourceKey: string,
    identity: string,
    item: FeedItem,
    seenAt: string,
  ): SavedItem {
    if (this.statements.isExpired.get(sourceId, identity)) {
      this.statements.touchExpired.run(seenAt, sourceId, identity);
      return { status: 'expired', item: expiredPlaceholder(item, sourceKey, identity, seenAt) };
    }
    const existing = this.statements.findItem.get(sourceId, identity);
    const contentHash = itemContentHash(item);
    // Seen now, so first seen no later than now: a first-seen time ahead of this one was written
    // while the clock ran ahead, and would date the post (and sort it) in the future.
    const firstSeenAt =
      existing && Date.parse(existing.first_seen_at) > Date.parse(seenAt) ? seenAt : existing?.first_seen_at;
    if (existing && existing.content_hash === contentHash && firstSeenAt === existing.first_seen_at) {
      this.statements.touchItem.run(seenAt, sourceId, identity);
      return { status: 'unchanged', item: rowToStoredItem({ ...existing, last_seen_at: seenAt }, sourceKey) };
    }
    const parameters = {
      ...itemParameters(item),
      source_id: sourceId,
      identity,
      content_hash: contentHash,
      seen_at: seenAt,
    };
    if (existing)
      this.statements.updateItem.run({
        ...parameters,
        first_seen_at: firstSeenAt,
        changed_at: laterChange(existing.changed_at, seenAt),
      });
    else this.statements.insertItem.run(parameters);
    const row = this.statements.findItem.get(sourceId, identity);
    if (!row) throw new StoreError(`item ${identity} of ${sourceKey} vanished while saving`);
    return { status: existing ? 'updated' : 'new', item: rowToStoredItem(row, sourceKey) };
  }

  async saveCleanedContent(sourceKey: string, items: readonly CleanedItem[]): Promise<void> {
    this.run('save cleaned articles', sourceKey, () => {
      const sourceId = this.requireSourceId(sourceKey);
      this.db.transaction(() => {
        for (const { identity, html, cover, text, key, from } of items)
          this.statements.saveCleaning.run({ source_id: sourceId, identity, html, cover, text, key, from });
      })();
    });
  }

  async recordFetch(record: FetchRecord): Promise<void> {
    this.run('record fetch', record.sourceKey, () =>
      this.sources.recordFetch(this.requireSourceId(record.sourceKey), record),
    );
  }

  async recordSchedule(sourceKey: string, schedule: SourceSchedule): Promise<void> {
    this.run('record the schedule', sourceKey, () =>
      this.sources.recordSchedule(this.requireSourceId(sourceKey), schedule),
    );
  }

  async recordSchedules(
    entries: ReadonlyArray<{ sourceKey: string; schedule: SourceSchedule }>,
  ): Promise<void> {
    this.run('record the schedules', `${entries.length} sources`, () =>
      this.db.transaction(() => {
        for (const { sourceKey, schedule } of entries)
          this.sources.recordSchedule(this.requireSourceId(sourceKey), schedule);
      })(),
    );
  }

  async listItems(sourceKey: string): Promise<StoredItem[]> {
    return this.run('list items', sourceKey, () => {
      const id = this.sources.idOf(sourceKey);
      if (id === undefined) return [];
      return this.statements.listItems.all(id).map((row) => rowToStoredItem(row, sourceKey));
    });
  }

  async getOutputFile(kind: OutputKind, sourceKey: string, identity: string): Promise<string | null> {
    return this.run('read the output file', sourceKey, () =>
      this.publishState.fileOf(kind, this.sources.idOf(sourceKey), identity),
    );
  }

  async getOutputFiles(kind: OutputKind, refs: readonly ItemRef[]): Promise<Array<string | null>> {
    return this.run('read the output files', 'all sources', () =>
      refs.map((ref) => this.publishState.fileOf(kind, this.sources.idOf(ref.sourceKey), ref.identity)),
    );
  }

  async recordOutputFile(
    kind: OutputKind,
    sourceKey: string,
    identity: string,
    file: string,
    stamp?: OutputStamp,
  ): Promise<void> {
    const now = new Date().toISOString();
    this.run('record output file', sourceKey, () =>
      this.publishState.record(kind, this.requireSourceId(sourceKey), identity, file, stamp, now),
    );
  }

  async recordOutputFiles(kind: OutputKind, records: readonly OutputRecord[]): Promise<void> {
    const subject = records.length === 1 ? (records[0]?.sourceKey ?? '') : `${records.length} outputs`;
    const now = new Date().toISOString();
    this.run('record output files', subject, () =>
      this.publishState.recordMany(kind, records, (key) => this.requireSourceId(key), now),
    );
  }

  async listUnpublished(kind: OutputKind, settings: ReadonlyMap<string, string>): Promise<ItemRef[]> {
    return this.run(`list the due ${kind} outputs`, 'all sources', () =>
      this.publishState.listUnpublished(kind, settings),
    );
  }

  async listSources(): Promise<SourceRecord[]> {
    return this.run('list sources', 'all sources', () => this.sources.list(new Date()));
  }

  async getSource(sourceKey: string): Promise<SourceRecord | null> {
    return this.run('read the source', sourceKey, () => this.sources.get(sourceKey, new Date()));
  }

  async listAllItems(): Promise<StoredItem[]> {
    return this.run('list items', 'all sources', () =>
      this.statements.listAllItems.all().map((row) => rowToStoredItem(row, row.source_key)),
    );
  }

  async findExpiredItems(policy: RetentionPolicy, now: string): Promise<ExpiredItem[]> {
    const at = parseStoreInstant(now, 'findExpiredItems: now');
    return this.run('apply retention', 'all sources', () => findExpiredItems(this.db, policy, at));
  }

  async removeExpiredItems(
    items: ReadonlyArray<Pick<ExpiredItem, 'sourceKey' | 'identity'>>,
    now: string,
  ): Promise<void> {
    const at = parseStoreInstant(now, 'removeExpiredItems: now');
    this.run('apply retention', 'all sources', () => deleteExpiredItems(this.db, items, at));
  }

  async noteRemovedSources(activeKeys: readonly string[], now: string): Promise<string[]> {
    const at = parseStoreInstant(now, 'noteRemovedSources: now');
    return this.run('note removed sources', 'all sources', () => this.removed.note(activeKeys, at));
  }

  async listRemovedSources(activeKeys: readonly string[], now: string): Promise<RemovedSource[]> {
    const at = parseStoreInstant(now, 'listRemovedSources: now');
    return this.run('list removed sources', 'all sources', () => this.removed.list(activeKeys, at));
  }

  async purgeSource(sourceKey: string): Promise<void> {
    this.run('purge the source', sourceKey, () => this.removed.purge(sourceKey));
  }

  async forgetOutputFiles(kind: OutputKind, sourceKey: string, files: readonly string[]): Promise<void> {
    this.run('forget output files', sourceKey, () => this.removed.forgetOutputs(sourceKey, kind, files));
  }

  async storedIdentities(
    sourceKey: string,
    identities: readonly string[],
  ): Promise<Map<string, StoredIdentity>> {
    return this.run('read stored identities', sourceKey, () =>
      this.identities.stored(this.sources.idOf(sourceKey), identities),
    );
  }

  async hasItems(sourceKey: string): Promise<boolean> {
    return this.run('read whether the source has items', sourceKey, () =>
      this.identities.hasItems(this.sources.idOf(sourceKey)),
    );
  }

  async getCachedPage(url: string): Promise<string | null> {
    return this.run('read the cached page', url, () => this.pages.get(url));
  }

  async putCachedPage(url: string, content: string, fetchedAt: string): Promise<void> {
    this.run('cache page', url, () => this.pages.put(url, content, fetchedAt));
  }

  async exportData(): Promise<StoreExport> {
    return this.run('export', 'all sources', () => exportStoreData(this.db, (now) => this.sources.list(now)));
  }

  async importData(data: StoreExport): Promise<{ sources: number; items: number }> {
    return this.run('import', 'all sources', () => importStoreData(this.db, data, this.file));
  }

  async close(): Promise<void> {
    if (this.db.open) this.open.close();
  }

  private requireSourceId(sourceKey: string): number {
    const id = this.sources.idOf(sourceKey);
    if (id === undefined) throw new StoreError(`source ${sourceKey} is not registered in ${this.file}`);
    return id;
  }

  private run<T>(action: string, sourceKey: string, work: () => T): T {
    try {
      return work();
    } catch (error) {
      // A fault of the whole store ends the command with one message; anything else concerns
      // this one call, and the caller reports it and goes on.
      const unusable = unusableStoreError(error, this.file);
      if (unusable) throw unusable;
      if (error instanceof StoreError) throw error;
      throw new StoreError(`cannot ${action} for ${sourceKey} in ${this.file}`, { cause: error });
    }
  }

  // Bodies are most of an item's bytes; the site lists headers and loads only the bodies it renders.
  private headerReader?: ItemHeaderReader;

  async listItemHeaders(changedAfter?: string): Promise<ItemHeader[]> {
    return this.run('list items', 'all sources', () => this.itemHeaders().listHeaders(changedAfter));
  }

  async itemsMark(upTo?: string): Promise<ItemsMark> {
    return this.run('summarize items', 'all sources', () => this.itemHeaders().mark(upTo));
  }

  async getItems(refs: readonly ItemRef[]): Promise<Array<StoredItem | null>> {
    return this.run('read items', 'all sources', () => this.itemHeaders().getItems(refs));
  }

  async getItemsWithoutBodies(refs: readonly ItemRef[]): Promise<Array<ItemWithoutBodies | null>> {
    return this.run('read items', 'all sources', () => this.itemHeaders().getItemsWithoutBodies(refs));
  }

  async listStaleCleanings(sourceKey: string, key: string, limit: number): Promise<StoredItem[]> {
    return this.run('list stale cleanings', sourceKey, () =>
      this.itemHeaders().listStaleCleanings(sourceKey, key, limit),
    );
  }

  private itemHeaders(): ItemHeaderReader {
    return (this.headerReader ??= createItemHeaderReader(this.db));
  }

  itemReaderSpec(): ItemReaderSpec | null {
    const file = this.open.readerFile;
    return file === null ? null : sqliteItemReaderSpec(file);
  }
}
