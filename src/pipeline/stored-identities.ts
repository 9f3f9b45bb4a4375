import { itemIdentity, twinIdentity } from '../core/item-identity.js';
import type { FeedItem } from '../core/model.js';
import type { ItemStore } from '../store/store.js';

/** An item of a fetch with the identity it is saved under. */
export interface IdentifiedItem {
  identity: string;
  item: FeedItem;
  /** Retention removed the item: saving it does nothing, and nothing need be fetched for it. */
  expired: boolean;
}

/**
 * Keeps each item of a fetch under the identity its source has it under. Items that share a guid
 * are told apart by their links (`assignIdentities`): an item is `id:g` while it is the only one of
 * its guid in a fetch and `id:g#<hash of its link>` while another is there too, so the same article
 * would change identity, and be stored a second time, when its twin comes or goes. Where the store
 * has the item under the other form, that form is kept: a suffixed identity names the item's link,
 * and a plain one is taken only when it was stored with the same link, so that an item of another
 * link never takes over a stored one. An identity stored with the item's own link stays as it is.
 */
export async function keepStoredIdentities(
  sourceKey: string,
  assigned: ReadonlyArray<{ identity: string; item: FeedItem }>,
  store: Pick<ItemStore, 'storedIdentities'>,
): Promise<IdentifiedItem[]> {
  if (assigned.length === 0) return [];
  const twins = assigned.map(({ identity, item }) => twinIdentity(identity, item));
  const asked = [...assigned.map(({ identity }) => identity), ...twins.filter((twin) => twin !== null)];
  const stored = await store.storedIdentities(sourceKey, asked);
  const taken = new Set(assigned.map(({ identity }) => identity));
  return assigned.map(({ identity, item }, index) => {
    const twin = twins[index] ?? null;
    let kept = identity;
    if (twin !== null && !taken.has(twin) && isStoredAsTwin(identity, twin, item, stored)) {
      kept = twin;
      taken.add(twin);
    }
    return { identity: kept, item, expired: stored.get(kept)?.expired ?? false };
  });
}

function isStoredAsTwin(
  identity: string,
  twin: string,
  item: FeedItem,
  stored: ReadonlyMap<string, { expired: boolean; link: string | null }>,
): boolean {
  const own = stored.get(identity);
  if (own && (own.expired || own.link === item.link)) return false;
  const other = stored.get(twin);
  if (!other) return false;
  // A suffixed twin carries the hash of this very link in its name, even once retention removed it.
  if (twin !== itemIdentity(item)) return true;
  return !other.expired && other.link === item.link;
}
