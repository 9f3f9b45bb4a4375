import type { FeedItem } from '../core/model.js';
import { expiredPlaceholder, laterChange } from './item-history.js';
import { itemContentHash, itemParameters, rowToStoredItem, type ItemRow } from './item-rows.js';
import type { SavedItem } from './store.js';

/** What saving a batch writes, decided from the rows it read, so that each kind is one statement. */
export interface SavePlan {
  /** Each item's result, in batch order. */
  results: SavedItem[];
  /** Rows to insert, in batch order (their ids follow it, as SQLite's do). */
  inserts: ItemRow[];
  /** Stored rows whose content or first-seen time changed, as they are to be. */
  updates: ItemRow[];
  /** Stored identities only seen again (their last-seen time becomes the save's). */
  touches: string[];
  /** Identities retention removed that the feed still carries. */
  expiredTouches: string[];
}

/**
 * Decides what saving `items` does, item by item in batch order exactly as the SQLite store's
 * `saveOne` does, over the stored rows of the batch's identities: an identity listed twice sees
 * what its first listing did.
 */
export function planSave(
  sourceKey: string,
  items: ReadonlyArray<{ identity: string; item: FeedItem }>,
  seenAt: string,
  stored: ReadonlyMap<string, ItemRow>,
  expired: ReadonlySet<string>,
): SavePlan {
  const rows = new Map(stored);
  const inserted = new Set<string>();
  const changed = new Set<string>();
  const plan: SavePlan = { results: [], inserts: [], updates: [], touches: [], expiredTouches: [] };
  for (const { identity, item } of items) {
    if (expired.has(identity)) {
      plan.expiredTouches.push(identity);
      plan.results.push({ status: 'expired', item: expiredPlaceholder(item, sourceKey, identity, seenAt) });
      continue;
    }
    const existing = rows.get(identity);
    const contentHash = itemContentHash(item);
    // Seen now, so first seen no later than now: a first-seen time ahead of this one was written
    // while the clock ran ahead, and would date the post (and sort it) in the future.
    const firstSeenAt =
      existing && Date.parse(existing.first_seen_at) > Date.parse(seenAt) ? seenAt : existing?.first_seen_at;
    if (existing && existing.content_hash === contentHash && firstSeenAt === existing.first_seen_at) {
      const row = { ...existing, last_seen_at: seenAt };
      rows.set(identity, row);
      if (!inserted.has(identity) && !changed.has(identity)) plan.touches.push(identity);
      plan.results.push({ status: 'unchanged', item: rowToStoredItem(row, sourceKey) });
      continue;
    }
    const row: ItemRow = {
      // A stored cleaning stays, as SQLite's update leaves it: its `from` no longer matches.
      ...existing,
      ...itemParameters(item),
      identity,
      content_hash: contentHash,
      first_seen_at: existing ? (firstSeenAt as string) : seenAt,
      last_seen_at: seenAt,
      changed_at: existing ? laterChange(existing.changed_at, seenAt) : seenAt,
    };
    rows.set(identity, row);
    if (!existing) inserted.add(identity);
    else if (!inserted.has(identity)) changed.add(identity);
    plan.results.push({ status: existing ? 'updated' : 'new', item: rowToStoredItem(row, sourceKey) });
  }
  // Each identity is written once, as the batch left it.
  const final = (identity: string): ItemRow => rows.get(identity) as ItemRow;
  plan.inserts = [...inserted].map(final);
  plan.updates = [...changed].map(final);
  plan.touches = [...new Set(plan.touches)].filter((identity) => !changed.has(identity));
  plan.expiredTouches = [...new Set(plan.expiredTouches)];
  return plan;
}
