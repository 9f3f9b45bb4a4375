import type pg from 'pg';
import type { StoredIdentity } from './item-store.js';

/** Answers `ItemStore.hasItems`. */
export async function readHasItems(pool: pg.Pool, sourceKey: string): Promise<boolean> {
  const result = await pool.query<{ has: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM items WHERE source_id = s.id)
         OR EXISTS (SELECT 1 FROM expired_items WHERE source_id = s.id) AS has
     FROM sources s WHERE s.key = $1`,
    [sourceKey],
  );
  return result.rows[0]?.has ?? false;
}

/** Answers `ItemStore.storedIdentities` in one round trip, from one snapshot. */
export async function readStoredIdentities(
  pool: pg.Pool,
  sourceKey: string,
  identities: readonly string[],
): Promise<Map<string, StoredIdentity>> {
  const found = new Map<string, StoredIdentity>();
  if (identities.length === 0) return found;
  const result = await pool.query<{
    identity: string;
    expired: boolean;
    link: string | null;
    content_hash: string | null;
  }>(
    // The identity itself and the range of `identity#…` ('#' + 1 is '$', as the columns compare
    // bytes), each a search of its table's (source_id, identity) key: a join on their OR read
    // every item of the source.
    `WITH source AS (SELECT id FROM sources WHERE key = $1),
     asked AS (
       SELECT DISTINCT identity COLLATE "C" AS identity, (identity || '#') COLLATE "C" AS first,
              (identity || '$') COLLATE "C" AS last
       FROM unnest($2::text[]) AS asked(identity)
     )
     SELECT found.* FROM asked, source, LATERAL (
       SELECT i.identity, false AS expired, i.link, i.content_hash FROM items i
       WHERE i.source_id = source.id AND i.identity = asked.identity
       UNION ALL
       SELECT i.identity, false, i.link, i.content_hash FROM items i
       WHERE i.source_id = source.id AND i.identity >= asked.first AND i.identity < asked.last
       UNION ALL
       SELECT e.identity, true, NULL, NULL FROM expired_items e
       WHERE e.source_id = source.id AND e.identity = asked.identity
       UNION ALL
       SELECT e.identity, true, NULL, NULL FROM expired_items e
       WHERE e.source_id = source.id AND e.identity >= asked.first AND e.identity < asked.last
     ) AS found`,
    [sourceKey, [...identities]],
  );
  // Saving checks retention's list first: an identity on it is removed, whatever else is stored.
  for (const { identity, expired, link, content_hash: contentHash } of result.rows)
    if (expired || !found.has(identity)) found.set(identity, { expired, link, contentHash });
  return found;
}
