import type Database from 'better-sqlite3';
import type { KnownIdentities, StoredIdentity } from './item-store.js';

/** What a source has under given identities, asked by the source's row id (undefined: none). */
export interface IdentityReaders {
  /** `ItemStore.knownIdentities` */
  known(sourceId: number | undefined, identities: readonly string[]): KnownIdentities;
  /** `ItemStore.storedIdentities` */
  stored(sourceId: number | undefined, identities: readonly string[]): Map<string, StoredIdentity>;
}

/** Prepares the identity queries on an open, migrated database. */
export function createIdentityReaders(db: Database.Database): IdentityReaders {
  return { known: createKnownIdentityReader(db), stored: createStoredIdentityReader(db) };
}

function createKnownIdentityReader(db: Database.Database): IdentityReaders['known'] {
  // An identity without a suffix also matches the suffixed ones (`id:g#…`) that `assignIdentities`
  // gives items sharing a guid: whichever form a fetch gives the item, it is the one stored. Both
  // tables answer from their (source_id, identity) key: an exact lookup and a range of it.
  const stored = db
    .prepare<[{ source: number; identity: string; from: string; to: string }], number>(
      `SELECT EXISTS (SELECT 1 FROM items WHERE source_id = @source AND identity = @identity)
           OR EXISTS (SELECT 1 FROM items WHERE source_id = @source AND identity >= @from AND identity < @to)
           OR EXISTS (SELECT 1 FROM expired_items WHERE source_id = @source AND identity = @identity)
           OR EXISTS (SELECT 1 FROM expired_items
                      WHERE source_id = @source AND identity >= @from AND identity < @to)`,
    )
    .pluck();
  const anyItem = db
    .prepare<[number, number], number>(
      `SELECT EXISTS (SELECT 1 FROM items WHERE source_id = ?)
           OR EXISTS (SELECT 1 FROM expired_items WHERE source_id = ?)`,
    )
    .pluck();
  const isStored = (sourceId: number, identity: string): boolean => {
    // '#' + 1 is '$': the range holds exactly the identities that start with `identity#`.
    const [from, to] = identity.includes('#') ? ['', ''] : [`${identity}#`, `${identity}$`];
    return stored.get({ source: sourceId, identity, from, to }) === 1;
  };
  const read = db.transaction((sourceId: number, identities: readonly string[]): KnownIdentities => {
    const known = new Set(identities.filter((identity) => isStored(sourceId, identity)));
    return { known, sourceHasItems: known.size > 0 || anyItem.get(sourceId, sourceId) === 1 };
  });
  return (sourceId, identities) =>
    sourceId === undefined ? { known: new Set(), sourceHasItems: false } : read(sourceId, identities);
}

function createStoredIdentityReader(db: Database.Database): IdentityReaders['stored'] {
  // Saving checks retention's list first: an identity on it is removed, whatever else is stored.
  const lookup = db
    .prepare<[number, string, number, string], [number, string | null]>(
      `SELECT 1, NULL FROM expired_items WHERE source_id = ? AND identity = ?
       UNION ALL SELECT 0, link FROM items WHERE source_id = ? AND identity = ?
       LIMIT 1`,
    )
    .raw(true);
  const read = db.transaction((sourceId: number, identities: readonly string[]) => {
    const found = new Map<string, StoredIdentity>();
    for (const identity of identities) {
      const row = lookup.get(sourceId, identity, sourceId, identity);
      if (row) found.set(identity, { expired: row[0] === 1, link: row[1] });
    }
    return found;
  });
  return (sourceId, identities) => (sourceId === undefined ? new Map() : read(sourceId, identities));
}
