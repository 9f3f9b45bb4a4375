import { createHash, hash } from 'node:crypto';
import type { FeedItem } from './model.js';

/**
 * The identity of an item within its source: the feed's guid/id, else its link, else a hash of
 * title and content. Deduplicating by title (the ancestor's way) merged different articles.
 */
export function itemIdentity(item: FeedItem): string {
  if (item.id && item.id.trim() !== '') return `id:${item.id.trim()}`;
  if (item.link) return `link:${item.link}`;
  const digest = createHash('sha256')
    .update(item.title ?? '')
    .update('\u0000')
    .update(item.content ?? item.summary ?? '')
    .digest('hex');
  return `hash:${digest}`;
}

/** A short, stable hex digest of a source key and item identity, used in file names and fallbacks. */
export function identityDigest(sourceKey: string, identity: string, length = 16): string {
  // One-shot hashing: a site build digests every stored item's identity.
  return hash('sha256', `${sourceKey}\n${identity}`, 'hex').slice(0, length);
}

/**
 * Gives every item of one fetch its identity. When a feed gives one guid to several items, each of
 * them gets a suffix derived from its own link, or, when its link is missing or another item of the
 * guid has it too, from its title, link and content (`IdentityForms`), the first as much as the
 * later ones: an identity must not depend on the item's place in the feed, or a new item at the top
 * would take over the stored post of the one it displaced. Each item's form depends on its own link
 * only, so that an item without a link does not change the identities of the others. An exact
 * repeat (same guid, title, link and text) is dropped first, so that it does not make its original
 * look like one of several items sharing a guid: the original keeps its plain identity, whether the
 * feed repeats it or not.
 */
export function assignIdentities(items: readonly FeedItem[]): Array<{ identity: string; item: FeedItem }> {
  const groups = new Map<string, FeedItem[]>();
  const base = items.map((item) => {
    const identity = itemIdentity(item);
    const group = groups.get(identity);
    if (group) group.push(item);
    else groups.set(identity, [item]);
    return identity;
  });
  // Only items that share an identity are hashed: the usual feed has no such item. A repeat stands
  // for its original, so that it gets the original's identity and is dropped as a repeat.
  const originals = new Map<FeedItem, FeedItem>();
  for (const [identity, group] of groups)
    if (group.length > 1) groups.set(identity, withoutRepeats(group, originals));
  const seen = new Set<string>();
  const result: Array<{ identity: string; item: FeedItem }> = [];
  items.forEach((item, index) => {
    let identity = base[index] as string;
    const group = groups.get(identity) as FeedItem[];
    if (group.length > 1)
      identity = `${identity}#${sharedIdentitySuffix(originals.get(item) ?? item, group)}`;
    if (seen.has(identity)) return;
    seen.add(identity);
    result.push({ identity, item });
  });
  return result;
}

/**
 * The items of a group but those repeating an earlier one exactly (by `ownDigest`); each repeat is
 * noted in `originals` with the item it repeats.
 */
function withoutRepeats(group: readonly FeedItem[], originals: Map<FeedItem, FeedItem>): FeedItem[] {
  const firsts = new Map<string, FeedItem>();
  return group.filter((item) => {
    const digest = ownDigest(item);
    const first = firsts.get(digest);
    if (first) originals.set(item, first);
    else firsts.set(digest, item);
    return first === undefined;
  });
}

function sharedIdentitySuffix(item: FeedItem, group: readonly FeedItem[]): string {
  // A link survives edits to the title or text; it tells its item apart where no other has it.
  const link = item.link;
  if (link && group.every((member) => member === item || member.link !== link)) return linkSuffix(link);
  return ownDigest(item);
}

function linkSuffix(link: string): string {
  return createHash('sha256').update(link).digest('hex').slice(0, 16);
}

/**
 * The identities `assignIdentities` gives an item with a guid, depending on the other items of its
 * guid in a fetch: `plain` (`id:g`) alone with its guid; `link` (`id:g#<link hash>`) beside items of
 * other links, null when it has no link; `text` (`id:g#<hash of itemTextKey>`) when it has no link
 * or another item of the guid has its link. The link form names the one item with that link among
 * those of its fetch, the text form the item with that title, link and text, the plain form any
 * item of the guid.
 */
export interface IdentityForms {
  plain: string;
  link: string | null;
  text: string;
}

/** The identity forms of an item with a guid (`IdentityForms`); null for an item without one. */
export function identityForms(item: FeedItem): IdentityForms | null {
  const plain = itemIdentity(item);
  if (!plain.startsWith('id:')) return null;
  return {
    plain,
    link: item.link ? `${plain}#${linkSuffix(item.link)}` : null,
    text: `${plain}#${ownDigest(item)}`,
  };
}

/**
 * What tells two items of one guid apart when their links do not: their title, link and text. Two
 * items that agree on it are one item listed twice (an exact repeat).
 */
export function itemTextKey(item: FeedItem): string {
  return JSON.stringify([item.title, item.link, item.content ?? item.summary]);
}

function ownDigest(item: FeedItem): string {
  return createHash('sha256').update(itemTextKey(item)).digest('hex').slice(0, 16);
}
