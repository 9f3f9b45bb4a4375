import type pg from 'pg';
import type { KnownIdentities, StoredIdentity } from './item-store.js';

/** Answers `ItemStore.knownIdentities` in one round trip, from one snapshot. */
export async function readKnownIdentities(
  pool: pg.Pool,
  sourceKey: string,
  identities: readonly string[],
): Promise<KnownIdentities> {
  // A row per known identity, and one with a null identity when the source has any item. An
  // identity without a suffix also matches the suffixed ones (`id:g#…`) that `assignIdentities`
  // gives items sharing a guid: whichever form a fetch gives the item, it is the one stored. The
  // range (`#` + 1 is `$`, as the columns compare bytes) keeps to the (source_id, identity) key.
  const result = await pool.query<{ identity: string | null }>(
    `WITH source AS (SELECT id FROM sources WHERE key = $1),
     asked AS (
       SELECT identity COLLATE "C" AS identity,
              CASE WHEN position('#' in identity) = 0 THEN identity || '#' END COLLATE "C" AS first,
              CASE WHEN position('#' in identity) = 0 THEN identity || '$' END COLLATE "C" AS last
       FROM unnest($2::text[]) AS asked(identity)
     )
     SELECT asked.identity FROM asked, source
     WHERE EXISTS (SELECT 1 FROM items i WHERE i.source_id = source.id AND i.identity = asked.identity)
        OR EXISTS (SELECT 1 FROM items i
                   WHERE i.source_id = source.id AND i.identity >= asked.first AND i.identity < asked.last)
        OR EXISTS (SELECT 1 FROM expired_items e WHERE e.source_id = source.id AND e.identity = asked.identity)
        OR EXISTS (SELECT 1 FROM expired_items e
                   WHERE e.source_id = source.id AND e.identity >= asked.first AND e.identity < asked.last)
     UNION ALL
     SELECT NULL FROM source
     WHERE EXISTS (SELECT 1 FROM items WHERE source_id = source.id)
        OR EXISTS (SELECT 1 FROM expired_items WHERE source_id = source.id)`,
    [sourceKey, [...identities]],
  );
  const known = new Set<string>();
  let sourceHasItems = false;
  for (const { identity } of result.rows)
    if (identity === null) sourceHasItems = true;
    else known.add(identity);
  return { known, sourceHasItems };
}

/** Answers `ItemStore.storedIdentities` in one round trip, from one snapshot. */
export async function readStoredIdentities(
  pool: pg.Pool,
  sourceKey: string,
  identities: readonly string[],
): Promise<Map<string, StoredIdentity>> {
  const found = new Map<string, StoredIdentity>();
  if (identities.length === 0) return found;
  const result = await pool.query<{ identity: string; expired: boolean; link: string | null }>(
    `WITH source AS (SELECT id FROM sources WHERE key = $1)
     SELECT i.identity, false AS expired, i.link FROM items i, source
     WHERE i.source_id = source.id AND i.identity = ANY($2::text[])
     UNION ALL
     SELECT e.identity, true, NULL FROM expired_items e, source
     WHERE e.source_id = source.id AND e.identity = ANY($2::text[])`,
    [sourceKey, [...identities]],
  );
  // Saving checks retention's list first: an identity on it is removed, whatever else is stored.
  for (const { identity, expired, link } of result.rows)
    if (expired || !found.has(identity)) found.set(identity, { expired, link: expired ? null : link });
  return found;
}
