import type Database from 'better-sqlite3';
import type { KnownIdentities } from './item-store.js';

/** Answers `ItemStore.knownIdentities` on an open, migrated database. */
export function createKnownIdentityReader(
  db: Database.Database,
): (sourceId: number | undefined, identities: readonly string[]) => KnownIdentities {
  // Both lookups use a primary or unique key: a feed's few dozen identities cost microseconds each.
  const stored = db
    .prepare<[number, string, number, string], number>(
      `SELECT EXISTS (SELECT 1 FROM items WHERE source_id = ? AND identity = ?)
           OR EXISTS (SELECT 1 FROM expired_items WHERE source_id = ? AND identity = ?)`,
    )
    .pluck();
  const anyItem = db
    .prepare<[number, number], number>(
      `SELECT EXISTS (SELECT 1 FROM items WHERE source_id = ?)
           OR EXISTS (SELECT 1 FROM expired_items WHERE source_id = ?)`,
    )
    .pluck();
  const read = db.transaction((sourceId: number, identities: readonly string[]): KnownIdentities => {
    const known = new Set(
      identities.filter((identity) => stored.get(sourceId, identity, sourceId, identity) === 1),
    );
    return { known, sourceHasItems: known.size > 0 || anyItem.get(sourceId, sourceId) === 1 };
  });
  return (sourceId, identities) =>
    sourceId === undefined ? { known: new Set(), sourceHasItems: false } : read(sourceId, identities);
}
