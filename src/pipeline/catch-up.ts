import type { SourceConfig } from '../config/resolve-config.js';
import { assignIdentities, itemIdentity, itemTextKey } from '../core/item-identity.js';
import type { FeedItem } from '../core/model.js';
import type { ItemStore } from '../store/store.js';

/**
 * How far beyond `limit` a fetch catches up, as a multiple of it: a feed that lists hundreds of
 * items after a long outage brings four limits of them, not all at once.
 */
export const CATCH_UP_LIMITS = 4;

/** The items a fetch keeps, and how many of them only catching up kept. */
export interface KeptItems {
  items: FeedItem[];
  /** Items beyond `limit` kept because they came out since the source's last fetch. */
  caughtUp: number;
  /** Warnings that items may have been missed or were left out. */
  warnings: string[];
}

/**
 * Applies the source's `limit` to its filtered items, in feed order. When none of the first
 * `limit` items is known to the store (stored, or removed by retention) though the source was
 * ingested before, more items came out since the last fetch than `limit` keeps: a busy feed
 * between two hourly runs, a fetch after an outage. With `catchUp` the fetch then also keeps the
 * items below them down to the first known one, up to `CATCH_UP_LIMITS` limits in all, so that none
 * is lost silently. Where it cannot tell what is new, it keeps `limit` items and says so: when no
 * item of the feed is known (the gap reaches past the feed's end, or the feed renamed its items,
 * which would make all of them look new). A first fetch keeps `limit` items, which bounds the
 * backlog a new source brings; so does a fetch whose first items include a known one, which is how
 * a ranking with a small `limit` keeps its top.
 */
export async function keepWithinLimit(
  items: readonly FeedItem[],
  source: SourceConfig,
  store: Pick<ItemStore, 'knownIdentities'>,
): Promise<KeptItems> {
  const { limit } = source;
  const head = items.slice(0, limit);
  const limited: KeptItems = { items: head, caughtUp: 0, warnings: [] };
  if (!source.catchUp || items.length <= limit) return limited;
  // The head's identities as storing the kept items gives them; the candidates below share no
  // guid with them, so keeping candidates changes none of the head's.
  const headIdentities = assignIdentities(head).map(({ identity }) => identity);
  const below = candidatesBelow(items, limit);
  const candidates = below.filter(({ sharesGuid }) => !sharesGuid);
  const { known, sourceHasItems } = await store.knownIdentities(source.key, [
    ...headIdentities,
    ...candidates.map(({ identity }) => identity),
  ]);
  if (!sourceHasItems || headIdentities.some((identity) => known.has(identity))) return limited;
  const frontier = below.findIndex(({ identity, sharesGuid }) => !sharesGuid && known.has(identity));
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
  const missed = below.slice(0, frontier).filter(({ sharesGuid }) => !sharesGuid);
  const twins = below.slice(0, frontier).filter(({ sharesGuid, repeat }) => sharesGuid && !repeat).length;
  const cap = limit * (CATCH_UP_LIMITS - 1);
  const caughtUp = Math.min(missed.length, cap);
  const warnings: string[] = [];
  if (missed.length > cap)
    warnings.push(
      `${missed.length - cap} more items came out since the last fetch than catching up keeps ` +
        `(${CATCH_UP_LIMITS} × limit ${limit}); the oldest were skipped: fetch this source more often or raise its limit`,
    );
  if (twins > 0) {
    const [what, verb] = twins === 1 ? ['item', 'was'] : ['items', 'were'];
    warnings.push(
      `${twins} ${what} that came out since the last fetch shared a guid with an item above and ${verb} ` +
        'left out, so that neither is stored twice: fetch this source more often or raise its limit',
    );
  }
  return { items: [...head, ...missed.slice(0, caughtUp).map(({ item }) => item)], caughtUp, warnings };
}

/**
 * The items after the first `limit`, each with its identity, and whether an item before it shares
 * its guid: keeping both would give them suffixed identities, so the one already stored would come
 * back as a new item (`assignIdentities`). Those are left out; `repeat` tells an exact repeat of an
 * item before it, which loses nothing, from a different item.
 */
function candidatesBelow(
  items: readonly FeedItem[],
  limit: number,
): Array<{ item: FeedItem; identity: string; sharesGuid: boolean; repeat: boolean }> {
  // Identity → what the items of that identity so far say, as `assignIdentities` compares them.
  const seen = new Map<string, Set<string>>();
  const note = (item: FeedItem): { identity: string; sharesGuid: boolean; repeat: boolean } => {
    const identity = itemIdentity(item);
    const text = itemTextKey(item);
    const texts = seen.get(identity);
    const result = { identity, sharesGuid: texts !== undefined, repeat: texts?.has(text) ?? false };
    if (texts) texts.add(text);
    else seen.set(identity, new Set([text]));
    return result;
  };
  for (const item of items.slice(0, limit)) note(item);
  return items.slice(limit).map((item) => ({ item, ...note(item) }));
}
