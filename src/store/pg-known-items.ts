import type pg from 'pg';
import type { KnownIdentities } from './item-store.js';

/** Answers `ItemStore.knownIdentities` in one round trip, from one snapshot. */
export async function readKnownIdentities(
  pool: pg.Pool,
  sourceKey: string,
  identities: readonly string[],
): Promise<KnownIdentities> {
  // A row per known identity, and one row with a null identity when the source has any item.
  const result = await pool.query<{ identity: string | null }>(
    `WITH source AS (SELECT id FROM sources WHERE key = $1)
     SELECT i.identity FROM items i, source WHERE i.source_id = source.id AND i.identity = ANY($2::text[])
     UNION
     SELECT e.identity FROM expired_items e, source WHERE e.source_id = source.id AND e.identity = ANY($2::text[])
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
