import type Database from 'better-sqlite3';
import type { StoredIdentity } from './item-store.js';

/** What a source has, asked by the source's row id (undefined: no such source). */
export interface IdentityReaders {
  /** `ItemStore.hasItems` */
  hasItems(sourceId: number | undefined): boolean;
  /** `ItemStore.storedIdentities` */
  stored(sourceId: number | undefined, identities: readonly string[]): Map<string, StoredIdentity>;
}

type LookupRow = [identity: string, expired: number, link: string | null, contentHash: string | null];

/** Prepares the identity queries on an open, migrated database. */
export function createIdentityReaders(db: Database.Database): IdentityReaders {
  const anyItem = db
    .prepare<[number, number], number>(
      `SELECT EXISTS (SELECT 1 FROM items WHERE source_id = ?)
           OR EXISTS (SELECT 1 FROM expired_items WHERE source_id = ?)`,
    )
    .pluck();
  // The identity itself and the range of `identity#…` ('#' + 1 is '$'), each a search of its
  // table's (source_id, identity) key: with OR between them SQLite scanned the source's rows.
  const lookup = db
    .prepare<[{ source: number; identity: string; from: string; to: string }], LookupRow>(
      `SELECT identity, 1, NULL, NULL FROM expired_items WHERE source_id = @source AND identity = @identity
       UNION ALL SELECT identity, 1, NULL, NULL FROM expired_items
       WHERE source_id = @source AND identity >= @from AND identity < @to
       UNION ALL SELECT identity, 0, link, content_hash FROM items WHERE source_id = @source AND identity = @identity
       UNION ALL SELECT identity, 0, link, content_hash FROM items
       WHERE source_id = @source AND identity >= @from AND identity < @to`,
    )
    .raw(true);
  // One read transaction, so that every answer comes from one snapshot even while a fetch writes.
  const read = db.transaction((source: number, identities: readonly string[]) => {
    const found = new Map<string, StoredIdentity>();
    for (const identity of new Set(identities))
      for (const [name, expired, link, contentHash] of lookup.all({
        source,
        identity,
        from: `${identity}#`,
        to: `${identity}$`,
      }))
        // Saving checks retention's list first: an identity on it is removed, whatever is stored.
        if (expired === 1 || !found.has(name)) found.set(name, { expired: expired === 1, link, contentHash });
    return found;
  });
  return {
    hasItems: (sourceId) => sourceId !== undefined && anyItem.get(sourceId, sourceId) === 1,
    stored: (sourceId, identities) => (sourceId === undefined ? new Map() : read(sourceId, identities)),
  };
}
