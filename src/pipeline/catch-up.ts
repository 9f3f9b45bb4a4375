import type { SourceConfig } from '../config/resolve-config.js';
import { assignIdentities } from '../core/item-identity.js';
import type { FeedItem } from '../core/model.js';
import type { ItemStore } from '../store/store.js';

/**
 * How far beyond `limit` a fetch catches up, as a multiple of it. The bound matters when a feed
 * renames every item (a new GUID scheme makes all of them look new): that costs four limits of
 * repeated items once, not the whole feed.
 */
export const CATCH_UP_LIMITS = 4;

/** The items a fetch keeps, and how many of them only catching up kept. */
export interface KeptItems {
  items: FeedItem[];
  /** Items beyond `limit` kept because they came out since the source's last fetch. */
  caughtUp: number;
  /** A warning naming the items catching up could not keep, or null when it kept them all. */
  skipped: string | null;
}

/**
 * Applies the source's `limit` to its filtered items, in feed order. A source fetched before
 * whose first `limit` items are all unknown to the store has a gap: more items came out since the
 * last fetch than `limit` keeps (a busy feed between two hourly runs, a fetch after an outage).
 * With `catchUp`, the fetch then also keeps the items after them, down to the first one the store
 * knows, up to `CATCH_UP_LIMITS` limits in all, so that none is lost silently. A first fetch keeps
 * `limit` items, which bounds the backlog a new source brings; so does a fetch that overlaps the
 * last one, which is how a ranking (a "hot" list) with `limit: 5` keeps its top five.
 */
export async function keepWithinLimit(
  items: readonly FeedItem[],
  source: SourceConfig,
  store: Pick<ItemStore, 'knownIdentities'>,
): Promise<KeptItems> {
  const { limit } = source;
  const head = items.slice(0, limit);
  if (!source.catchUp || items.length <= limit) return { items: head, caughtUp: 0, skipped: null };
  // Identities over the whole list, as storing them would assign them to the items it keeps.
  const assigned = assignIdentities(items);
  const identityOf = new Map(assigned.map(({ identity, item }) => [item, identity]));
  const { known, sourceHasItems } = await store.knownIdentities(
    source.key,
    assigned.map(({ identity }) => identity),
  );
  const isKnown = (item: FeedItem | undefined): boolean =>
    item !== undefined && known.has(identityOf.get(item) ?? '');
  if (!sourceHasItems || head.some(isKnown)) return { items: head, caughtUp: 0, skipped: null };
  const cap = limit * CATCH_UP_LIMITS;
  let end = limit;
  while (end < items.length && end < cap && !isKnown(items[end])) end++;
  let beyond = 0;
  for (let index = end; index < items.length && !isKnown(items[index]); index++) beyond++;
  const skipped =
    beyond === 0
      ? null
      : `${beyond} more items came out since the last fetch than catching up keeps (${cap}, ` +
        `${CATCH_UP_LIMITS} × limit ${limit}); the oldest were skipped: fetch this source more often or raise its limit`;
  return { items: items.slice(0, end), caughtUp: end - limit, skipped };
}
