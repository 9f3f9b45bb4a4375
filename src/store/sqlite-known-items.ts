import type Database from 'better-sqlite3';
import type { KnownIdentities } from './item-store.js';

/** Answers `ItemStore.knownIdentities` on an open, migrated database. */
export function createKnownIdentityReader(
  db: Database.Database,
): (sourceId: number | undefined, identities: readonly string[]) => KnownIdentities {
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
