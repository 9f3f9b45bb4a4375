import { identityForms, itemIdentity } from '../core/item-identity.js';
import type { FeedItem } from '../core/model.js';
import { itemContentHash } from '../store/item-rows.js';
import type { ItemStore, StoredIdentity } from '../store/store.js';

/** An item of a fetch with its identity. */
export interface IdentifiedItem {
  identity: string;
  item: FeedItem;
}

/** An item with the identity it is saved under. */
export interface KeptIdentity extends IdentifiedItem {
  /** The source has the item: stored, or removed by retention. */
  known: boolean;
  /** Retention removed the item: saving it does nothing, and nothing need be fetched for it. */
  expired: boolean;
}

/**
 * Keeps each item of a fetch under the identity its source has it under. Items that share a guid
 * are told apart by a suffix (`assignIdentities`), which depends on the other items of the guid the
 * feed lists (`IdentityForms`), so the same article would be stored again under each form. Where
 * the store has the item under another of its forms, that one is kept: a suffixed form names this
 * link or this text, even once retention removed it; the plain one, which any item of the guid may
 * have, only when it was stored with the same content, or with the same link while the feed's
 * items of the guid have distinct links. An item stored under its own identity with its link or
 * content stays there; without any match, an item keeps the identity it was given.
 */
export async function keepStoredIdentities(
  sourceKey: string,
  identified: readonly IdentifiedItem[],
  store: Pick<ItemStore, 'storedIdentities'>,
): Promise<KeptIdentity[]> {
  if (identified.length === 0) return [];
  // An item's guid alone asks for every form of it: the store answers `id:g` and `id:g#…`.
  const guids = identified.map(({ item }) => itemIdentity(item));
  const asked = identified.map(({ identity }, index) => {
    const guid = guids[index] as string;
    return identity === guid || identity.startsWith(`${guid}#`) ? guid : identity;
  });
  const stored = await store.storedIdentities(sourceKey, asked);
  const taken = new Set(identified.map(({ identity }) => identity));
  return identified.map(({ identity, item }) => {
    const kept = storedForm(identity, item, stored, taken);
    if (kept !== identity) taken.add(kept);
    const record = stored.get(kept);
    return { identity: kept, item, known: record !== undefined, expired: record?.expired ?? false };
  });
}

function storedForm(
  identity: string,
  item: FeedItem,
  stored: ReadonlyMap<string, StoredIdentity>,
  taken: ReadonlySet<string>,
): string {
  const own = stored.get(identity);
  // Hashing only where an answer needs it: most items are stored as they are, or not at all.
  if (own && !own.expired && own.link === item.link) return identity;
  const forms = identityForms(item);
  if (forms === null || !hasOtherForm(identity, forms.plain, stored)) return identity;
  const contentHash = itemContentHash(item);
  if (own && !own.expired && own.contentHash === contentHash) return identity;
  // The other forms, in order of what they vouch for: this link, this text, then the guid.
  let twins: Array<string | null>;
  if (identity === forms.plain) twins = [forms.link, forms.text];
  else if (identity === forms.link) twins = [forms.plain, forms.text];
  // A text form means another item of the guid has this link: the link form would name either.
  else if (identity === forms.text) twins = [forms.plain];
  else return identity;
  const match = twins.find((twin) => {
    const record = twin === null ? undefined : stored.get(twin);
    if (twin === null || !record || taken.has(twin)) return false;
    if (twin !== forms.plain) return true;
    if (record.expired) return false;
    return record.contentHash === contentHash || (identity === forms.link && record.link === item.link);
  });
  return match ?? identity;
}

/** Whether the store has any identity of the guid `plain` but `identity`. */
function hasOtherForm(identity: string, plain: string, stored: ReadonlyMap<string, StoredIdentity>): boolean {
  for (const name of stored.keys())
    if (name !== identity && (name === plain || name.startsWith(`${plain}#`))) return true;
  return false;
}
