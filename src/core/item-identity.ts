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
 * Gives every item of one fetch its identity. When a feed reuses a guid for a different item, the
 * later one gets a suffix derived from its own title, link and content, so both are kept and stay
 * stable; an exact repeat is dropped.
 */
export function assignIdentities(items: readonly FeedItem[]): Array<{ identity: string; item: FeedItem }> {
  const seen = new Set<string>();
  const result: Array<{ identity: string; item: FeedItem }> = [];
  for (const item of items) {
    let identity = itemIdentity(item);
    if (seen.has(identity)) identity = `${identity}#${ownDigest(item)}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    result.push({ identity, item });
  }
  return result;
}

function ownDigest(item: FeedItem): string {
  return createHash('sha256')
    .update(JSON.stringify([item.title, item.link, item.content ?? item.summary]))
    .digest('hex')
    .slice(0, 16);
}
