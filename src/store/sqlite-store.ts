import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../core/errors.js';
import type { FeedItem } from '../core/model.js';
import { itemContentHash, itemParameters, rowToStoredItem, type ItemRow } from './item-rows.js';
import { migrate } from './migrations.js';
import { exportRecords, importStoreData } from './sqlite-backup.js';
import { createItemHeaderReader, type ItemHeaderReader } from './sqlite-item-headers.js';
import { deleteExpiredItems, findExpiredItems } from './sqlite-retention.js';
import type {
  ExpiredItem,
  FetchRecord,
  ItemHeader,
  ItemReaderSpec,
  ItemRef,
  RetentionPolicy,
  StoreExport,
  OutputKind,
  SavedItem,
  SourceFetchState,
  SourceRecord,
  SourceRegistration,
  Store,
  StoredItem,
} from './store.js';

interface SourceRow {
  key: string;
  location: string;
  categories: string;
  last_attempt_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  error_streak: number;
  item_count: number;
  next_attempt_at: string | null;
  moved_to: string | null;
  served_by: string | null;
  new_total: number | null;
  first_fetch: string | null;
}

interface FetchStateRow {
  etag: string | null;
  last_modified: string | null;
  next_attempt_at: string | null;
  moved_to: string | null;
  error_streak: number;
}

const DAY_MS = 86_400_000;

/** Averages over at least one day, so a source fetched once an hour ago does not claim 24× its rate. */
function newItemsPerDay(total: number, firstFetch: string | null): number {
  if (firstFetch === null) return 0;
  const days = Math.max(1, (Date.now() - Date.parse(firstFetch)) / DAY_MS);
  return Math.round((total / days) * 10) / 10;
}

/** An expired item is not stored again; callers get the feed's item back, marked as not kept. */
function expiredPlaceholder(item: FeedItem, sourceKey: string, identity: string, seenAt: string): StoredItem {
  return { ...item, sourceKey, identity, firstSeenAt: seenAt, lastSeenAt: seenAt, changedAt: seenAt };
}

/**
 * The change time of an update: the save's time, or a millisecond past the previous change when
 * that is not earlier (two saves within one run), so that changedAt alone tells readers (the
 * site build's fingerprints) that something changed.
 */
function laterChange(previous: string, seenAt: string): string {
  const before = Date.parse(previous);
  return Date.parse(seenAt) > before || Number.isNaN(before) ? seenAt : new Date(before + 1).toISOString();
}

/** Opens (creating and migrating as needed) the SQLite store at `file`; `:memory:` works for tests. */
export function openSqliteStore(file: string): Store {
  let db: Database.Database;
  try {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    db = new Database(file);
    // WAL keeps readers (a preview server) unblocked while a run writes, and survives kill -9.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (error) {
    throw new StoreError(`cannot open the store ${file}`, { cause: error });
  }
  return new SqliteStore(db, file);
}

class SqliteStore implements Store {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
  ) {
    this.statements = {
      sourceId: db.prepare<[string], { id: number }>('SELECT id FROM sources WHERE key = ?'),
      registerSource: db.prepare(
        `INSERT INTO sources (key, location, categories, created_at) VALUES (@key, @location, @categories, @now)
         ON CONFLICT (key) DO UPDATE SET categories = excluded.categories,
           -- A location edited in the config overrides a remembered permanent redirect.
           moved_to = CASE WHEN location = excluded.location THEN moved_to ELSE NULL END,
           location = excluded.location`,
      ),
      fetchState: db.prepare<[string], FetchStateRow>(
        'SELECT etag, last_modified, next_attempt_at, moved_to, error_streak FROM sources WHERE key = ?',
      ),
      isExpired: db.prepare<[number, string], { identity: string }>(
        'SELECT identity FROM expired_items WHERE source_id = ? AND identity = ?',
      ),
      touchExpired: db.prepare(
        'UPDATE expired_items SET last_seen_at = ? WHERE source_id = ? AND identity = ?',
      ),
      cachedPage: db.prepare<[string], { content: string }>('SELECT content FROM page_cache WHERE url = ?'),
      putPage: db.prepare(
        `INSERT INTO page_cache (url, content, fetched_at) VALUES (?, ?, ?)
         ON CONFLICT (url) DO UPDATE SET content = excluded.content, fetched_at = excluded.fetched_at`,
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
           last_seen_at = @seen_at, changed_at = @changed_at
         WHERE source_id = @source_id AND identity = @identity`,
      ),
      touchItem: db.prepare('UPDATE items SET last_seen_at = ? WHERE source_id = ? AND identity = ?'),
      listItems: db.prepare<[number], ItemRow>(
        'SELECT * FROM items WHERE source_id = ? ORDER BY COALESCE(published, first_seen_at) DESC, id ASC',
      ),
      listSources: db.prepare<[], SourceRow>(
        `SELECT s.*, (SELECT COUNT(*) FROM items i WHERE i.source_id = s.id) AS item_count,
           (SELECT SUM(items_new) FROM fetch_log f WHERE f.source_id = s.id) AS new_total,
           (SELECT MIN(started_at) FROM fetch_log f WHERE f.source_id = s.id) AS first_fetch
         FROM sources s ORDER BY s.id`,
      ),
      listAllItems: db.prepare<[], ItemRow & { source_key: string }>(
        `SELECT i.*, s.key AS source_key FROM items i JOIN sources s ON s.id = i.source_id
         ORDER BY COALESCE(i.published, i.first_seen_at) DESC, i.id ASC`,
      ),
      logFetch: db.prepare(
        `INSERT INTO fetch_log (source_id, started_at, duration_ms, status, error, items_seen, items_new, items_updated)
         VALUES (@source_id, @started_at, @duration_ms, @status, @error, @items_seen, @items_new, @items_updated)`,
      ),
      recordSuccess: db.prepare(
        `UPDATE sources SET last_attempt_at = @at, last_success_at = @at, last_error = NULL, error_streak = 0,
           etag = @etag, last_modified = @last_modified, next_attempt_at = NULL,
           moved_to = COALESCE(@moved_to, moved_to), served_by = COALESCE(@served_by, served_by) WHERE id = @id`,
      ),
      outputFile: db.prepare<[string, number, string], { file: string }>(
        'SELECT file FROM output_files WHERE kind = ? AND source_id = ? AND identity = ?',
      ),
      recordOutputFile: db.prepare(
        `INSERT INTO output_files (kind, source_id, identity, file, written_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (kind, source_id, identity) DO UPDATE SET file = excluded.file, written_at = excluded.written_at`,
      ),
      recordFailure: db.prepare(
        `UPDATE sources SET last_attempt_at = @at, last_error = @error, error_streak = error_streak + 1,
           next_attempt_at = @next_attempt_at WHERE id = @id`,
      ),
    };
  }

  async registerSource(source: SourceRegistration): Promise<void> {
    this.run('register source', source.key, () =>
      this.statements.registerSource.run({
        key: source.key,
        location: source.location,
        categories: JSON.stringify(source.categories),
        now: new Date().toISOString(),
      }),
    );
  }

  async getFetchState(sourceKey: string): Promise<SourceFetchState> {
    const row = this.statements.fetchState.get(sourceKey);
    return {
      etag: row?.etag ?? null,
      lastModified: row?.last_modified ?? null,
      nextAttemptAt: row?.next_attempt_at ?? null,
      movedTo: row?.moved_to ?? null,
      errorStreak: row?.error_streak ?? 0,
    };
  }

  async saveItems(
    sourceKey: string,
    items: ReadonlyArray<{ identity: string; item: FeedItem }>,
    seenAt: string,
  ): Promise<SavedItem[]> {
    const sourceId = this.requireSourceId(sourceKey);
    const save = this.db.transaction(() =>
      items.map(({ identity, item }) => this.saveOne(sourceId, sourceKey, identity, item, seenAt)),
    );
    return this.run('save items', sourceKey, () => save());
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
    if (existing && existing.content_hash === contentHash) {
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
      this.statements.updateItem.run({ ...parameters, changed_at: laterChange(existing.changed_at, seenAt) });
    else this.statements.insertItem.run(parameters);
    const row = this.statements.findItem.get(sourceId, identity);
    if (!row) throw new StoreError(`item ${identity} of ${sourceKey} vanished while saving`);
    return { status: existing ? 'updated' : 'new', item: rowToStoredItem(row, sourceKey) };
  }

  async recordFetch(record: FetchRecord): Promise<void> {
    const id = this.requireSourceId(record.sourceKey);
    const write = this.db.transaction(() => {
      this.statements.logFetch.run({
        source_id: id,
        started_at: record.startedAt,
        duration_ms: Math.round(record.durationMs),
        status: record.status,
        error: record.error,
        items_seen: record.itemsSeen,
        items_new: record.itemsNew,
        items_updated: record.itemsUpdated,
      });
      if (record.error === null) {
        this.statements.recordSuccess.run({
          id,
          at: record.startedAt,
          etag: record.validators?.etag ?? null,
          last_modified: record.validators?.lastModified ?? null,
          moved_to: record.movedTo ?? null,
          served_by: record.servedBy ?? null,
        });
      } else {
        this.statements.recordFailure.run({
          id,
          at: record.startedAt,
          error: record.error,
          next_attempt_at: record.nextAttemptAt ?? null,
        });
      }
    });
    this.run('record fetch', record.sourceKey, () => write());
  }

  async listItems(sourceKey: string): Promise<StoredItem[]> {
    const id = this.statements.sourceId.get(sourceKey)?.id;
    if (id === undefined) return [];
    return this.statements.listItems.all(id).map((row) => rowToStoredItem(row, sourceKey));
  }

  async getOutputFile(kind: OutputKind, sourceKey: string, identity: string): Promise<string | null> {
    const id = this.statements.sourceId.get(sourceKey)?.id;
    if (id === undefined) return null;
    return this.statements.outputFile.get(kind, id, identity)?.file ?? null;
  }

  async recordOutputFile(kind: OutputKind, sourceKey: string, identity: string, file: string): Promise<void> {
    const id = this.requireSourceId(sourceKey);
    this.run('record output file', sourceKey, () =>
      this.statements.recordOutputFile.run(kind, id, identity, file, new Date().toISOString()),
    );
  }

  async listSources(): Promise<SourceRecord[]> {
    return this.statements.listSources.all().map((row) => ({
      key: row.key,
      location: row.location,
      categories: JSON.parse(row.categories) as string[],
      lastAttemptAt: row.last_attempt_at,
      lastSuccessAt: row.last_success_at,
      lastError: row.last_error,
      errorStreak: row.error_streak,
      itemCount: row.item_count,
      nextAttemptAt: row.next_attempt_at,
      movedTo: row.moved_to,
      servedBy: row.served_by,
      newItemsPerDay: newItemsPerDay(row.new_total ?? 0, row.first_fetch),
    }));
  }

  async listAllItems(): Promise<StoredItem[]> {
    return this.statements.listAllItems.all().map((row) => rowToStoredItem(row, row.source_key));
  }

  async findExpiredItems(policy: RetentionPolicy, now: Date): Promise<ExpiredItem[]> {
    return this.run('apply retention', 'all sources', () => findExpiredItems(this.db, policy, now));
  }

  async removeExpiredItems(
    items: ReadonlyArray<Pick<ExpiredItem, 'sourceKey' | 'identity'>>,
    now: Date,
  ): Promise<void> {
    this.run('apply retention', 'all sources', () => deleteExpiredItems(this.db, items, now));
  }

  async expiredIdentities(sourceKey: string, identities: readonly string[]): Promise<Set<string>> {
    const sourceId = this.statements.sourceId.get(sourceKey)?.id;
    if (sourceId === undefined) return new Set();
    return new Set(identities.filter((identity) => this.statements.isExpired.get(sourceId, identity)));
  }

  async getCachedPage(url: string): Promise<string | null> {
    return this.statements.cachedPage.get(url)?.content ?? null;
  }

  async putCachedPage(url: string, content: string, fetchedAt: string): Promise<void> {
    this.run('cache page', url, () => this.statements.putPage.run(url, content, fetchedAt));
  }

  async exportData(): Promise<StoreExport> {
    const sources = (await this.listSources()).map(({ key, location, categories }) => ({
      key,
      location,
      categories,
    }));
    const items = await this.listAllItems();
    return { format: 'newsmill-export', version: 2, sources, items, ...exportRecords(this.db) };
  }

  async importData(data: StoreExport): Promise<{ sources: number; items: number }> {
    return this.run('import', 'all sources', () => importStoreData(this.db, data, this.file));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private requireSourceId(sourceKey: string): number {
    const id = this.statements.sourceId.get(sourceKey)?.id;
    if (id === undefined) throw new StoreError(`source ${sourceKey} is not registered in ${this.file}`);
    return id;
  }

  private run<T>(action: string, sourceKey: string, work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError(`cannot ${action} for ${sourceKey} in ${this.file}`, { cause: error });
    }
  }

  // Bodies are most of an item's bytes; the site lists headers and loads only the bodies it renders.
  private headerReader?: ItemHeaderReader;

  async listItemHeaders(): Promise<ItemHeader[]> {
    const reader = (this.headerReader ??= createItemHeaderReader(this.db));
    return this.run('list items', 'all sources', () => reader.listHeaders());
  }

  async getItems(refs: readonly ItemRef[]): Promise<Array<StoredItem | null>> {
    const reader = (this.headerReader ??= createItemHeaderReader(this.db));
    return this.run('read items', 'all sources', () => reader.getItems(refs));
  }

  itemReaderSpec(): ItemReaderSpec | null {
    return this.file === ':memory:' ? null : { kind: 'sqlite', file: this.file };
  }
}
