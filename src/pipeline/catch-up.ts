import type { SourceConfig } from '../config/resolve-config.js';
import type { ItemStore } from '../store/store.js';
import { keepStoredIdentities, type IdentifiedItem } from './stored-identities.js';

/**
 * How far beyond `limit` a fetch catches up, as a multiple of it: a feed that lists hundreds of
 * items after a long outage brings four limits of them, not all at once.
 */
export const CATCH_UP_LIMITS = 4;

/** The items a fetch keeps, and how many of them only catching up kept. */
export interface KeptItems {
  items: IdentifiedItem[];
  /** Items beyond `limit` kept because they came out since the source's last fetch. */
  caughtUp: number;
  /** Warnings that items may have been missed. */
  warnings: string[];
}

/**
 * Applies the source's `limit` to its filtered items, in feed order. When none of the first
 * `limit` items is known to the store (stored, under any of its identity's forms, or removed by
 * retention: `keepStoredIdentities`) though the source was ingested before, more items came out
 * since the last fetch than `limit` keeps: a busy feed between two hourly runs, a fetch after an
 * outage. With `catchUp` the fetch then also keeps the items below them down to the first known
 * one, up to `CATCH_UP_LIMITS` limits in all, so that none is lost silently. Where it cannot tell
 * what is new, it keeps `limit` items and says so: when no item of the feed is known (the gap
 * reaches past the feed's end, or the feed renamed its items, which would make all of them look
 * new). A first fetch keeps `limit` items, which bounds the backlog a new source brings; so does a
 * fetch whose first items include a known one, which is how a ranking with a small `limit` keeps
 * its top. Identities come from the whole feed, so keeping more items renames none of them.
 */
export async function keepWithinLimit(
  items: readonly IdentifiedItem[],
  source: SourceConfig,
  store: Pick<ItemStore, 'storedIdentities' | 'getItems' | 'hasItems'>,
): Promise<KeptItems> {
  const { limit } = source;
  const head = items.slice(0, limit);
  const limited: KeptItems = { items: head, caughtUp: 0, warnings: [] };
  if (!source.catchUp || items.length <= limit) return limited;
  // A first fetch keeps `limit`, whatever its items are.
  if (!(await store.hasItems(source.key))) return limited;
  const known = (await keepStoredIdentities(source.key, items, store)).map((item) => item.known);
  if (known.slice(0, limit).some(Boolean)) return limited;
  const frontier = known.indexOf(true, limit);
  if (frontier < 0)
    return {
      ...limited,
      warnings: [
        `none of the ${items.length} items the feed lists (after filters) is stored yet though the ` +
          'source was fetched before: items that came out since the last fetch may be missing, or the ' +
          `feed changed its item IDs; kept ${limit} (limit). Fetch this source more often or raise its ` +
          'limit (after a change of IDs, this warning comes once)',
      ],
    };
  const missed = items.slice(limit, frontier);
  const cap = limit * (CATCH_UP_LIMITS - 1);
  const caughtUp = Math.min(missed.length, cap);
  const warnings: string[] = [];
  if (missed.length > cap)
    warnings.push(
      `${missed.length - cap} more items came out since the last fetch than catching up keeps ` +
        `(${CATCH_UP_LIMITS} × limit ${limit}); the oldest were skipped: fetch this source more often or raise its limit`,
    );
  return { items: [...head, ...missed.slice(0, caughtUp)], caughtUp, warnings };
}
