import type { FeedItem } from '../core/model.js';
import type { StoredItem } from './store.js';

/*
 * How saving an item moves its history times, the one rule both stores follow (sqlite-store.ts
 * item by item, pg-save-plan.ts for a whole batch); the contract suite checks they agree.
 */

/** An expired item is not stored again; callers get the feed's item back, marked as not kept. */
export function expiredPlaceholder(
  item: FeedItem,
  sourceKey: string,
  identity: string,
  seenAt: string,
): StoredItem {
  return { ...item, sourceKey, identity, firstSeenAt: seenAt, lastSeenAt: seenAt, changedAt: seenAt };
}

/**
 * The change time of an update: the save's time, or a millisecond past the previous change when
 * that is not earlier (two saves within one run), so that changedAt alone tells readers (the
 * site build's fingerprints) that something changed.
 */
export function laterChange(previous: string, seenAt: string): string {
  const before = Date.parse(previous);
  return Date.parse(seenAt) > before || Number.isNaN(before) ? seenAt : new Date(before + 1).toISOString();
}
