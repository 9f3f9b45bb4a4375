import { identityForms, itemIdentity, itemTextKey } from '../core/item-identity.js';
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
 * What makes a stored form of an item's guid this item's: `name`, the form names it (its link or
 * its text); `link`, it was stored with the item's link, which no other item of the guid in this
 * fetch has; `text`, it was stored with the item's title, link and text.
 */
type Vouch = 'name' | 'link' | 'text';

/** The stored forms an item may be, in order, or the identity it keeps. */
type Plan =
  { keep: string } | { own: string; fallback: string; candidates: Array<{ form: string; vouch: Vouch }> };

/**
 * Keeps each item of a fetch under the identity its source has it under. Items that share a guid
 * are told apart by a suffix (`assignIdentities`), which depends on the other items of the guid the
 * feed lists (`IdentityForms`), so the same article would be stored again under each form. Where
 * the store has the item under another of its forms, that one is kept: a suffixed form that names
 * this link or this text, even once retention removed it; the plain one, or a link form where the
 * item's link is not its own alone, only when it was stored with the same title, link and text, or
 * with the same link while no other item of the guid has it. And where the store has the plain
 * guid for another article (another link and text) beside other forms of it, the feed evidently
 * reuses the guid: the item is stored under its own suffixed form rather than over that article.
 */
export async function keepStoredIdentities(
  sourceKey: string,
  identified: readonly IdentifiedItem[],
  store: Pick<ItemStore, 'storedIdentities' | 'getItems'>,
): Promise<KeptIdentity[]> {
  if (identified.length === 0) return [];
  // An item's guid alone asks for every form of it: the store answers `id:g` and `id:g#…`.
  const asked = identified.map(({ identity, item }) => {
    const guid = itemIdentity(item);
    return identity === guid || identity.startsWith(`${guid}#`) ? guid : identity;
  });
  const stored = await store.storedIdentities(sourceKey, asked);
  const plans = identified.map(({ identity, item }) => planMatch(identity, item, stored));
  const texts = await storedTexts(sourceKey, plans, stored, store);
  const taken = new Set(identified.map(({ identity }) => identity));
  return identified.map(({ item }, index) => {
    const plan = plans[index] as Plan;
    const kept = 'keep' in plan ? plan.keep : choose(plan, item, stored, texts, taken);
    taken.add(kept);
    const record = stored.get(kept);
    return { identity: kept, item, known: record !== undefined, expired: record?.expired ?? false };
  });
}

function planMatch(identity: string, item: FeedItem, stored: ReadonlyMap<string, StoredIdentity>): Plan {
  const own = stored.get(identity);
  // Hashing only where an answer needs it: most items are stored as they are, or not at all.
  if (own && !own.expired && own.link === item.link) return { keep: identity };
  if (!hasOtherForm(identity, itemIdentity(item), stored)) return { keep: identity };
  const forms = identityForms(item);
  if (forms === null) return { keep: identity };
  const candidates: Array<{ form: string | null; vouch: Vouch }> = [];
  if (own && !own.expired) candidates.push({ form: identity, vouch: 'text' });
  if (identity === forms.plain)
    candidates.push({ form: forms.link, vouch: 'name' }, { form: forms.text, vouch: 'name' });
  else if (identity === forms.link)
    candidates.push({ form: forms.plain, vouch: 'link' }, { form: forms.text, vouch: 'name' });
  else if (identity === forms.text)
    candidates.push({ form: forms.plain, vouch: 'text' }, { form: forms.link, vouch: 'text' });
  else return { keep: identity };
  // A plain guid stored for another article beside other forms of it: the guid is reused.
  const reused = identity === forms.plain && own !== undefined && !own.expired;
  return {
    own: identity,
    fallback: reused ? (forms.link ?? forms.text) : identity,
    candidates: candidates.flatMap(({ form, vouch }) => (form === null ? [] : [{ form, vouch }])),
  };
}

function choose(
  plan: Exclude<Plan, { keep: string }>,
  item: FeedItem,
  stored: ReadonlyMap<string, StoredIdentity>,
  texts: ReadonlyMap<string, string>,
  taken: ReadonlySet<string>,
): string {
  const contentHash = itemContentHash(item);
  const match = plan.candidates.find(({ form, vouch }) => {
    const record = stored.get(form);
    if (!record || (form !== plan.own && taken.has(form))) return false;
    if (vouch === 'name') return true;
    if (record.expired) return false;
    if (vouch === 'link') return record.link === item.link;
    return record.contentHash === contentHash || texts.get(form) === itemTextKey(item);
  });
  if (match) return match.form;
  return taken.has(plan.fallback) ? plan.own : plan.fallback;
}

/** The title, link and text (`itemTextKey`) of the stored forms a plan may have to compare. */
async function storedTexts(
  sourceKey: string,
  plans: readonly Plan[],
  stored: ReadonlyMap<string, StoredIdentity>,
  store: Pick<ItemStore, 'getItems'>,
): Promise<Map<string, string>> {
  const wanted = new Set<string>();
  for (const plan of plans)
    if (!('keep' in plan))
      for (const { form, vouch } of plan.candidates)
        if (vouch === 'text' && stored.get(form)?.expired === false) wanted.add(form);
  if (wanted.size === 0) return new Map();
  const forms = [...wanted];
  const items = await store.getItems(forms.map((identity) => ({ sourceKey, identity })));
  const texts = new Map<string, string>();
  items.forEach((item, index) => {
    if (item) texts.set(forms[index] as string, itemTextKey(item));
  });
  return texts;
}

/** Whether the store has any identity of the guid `plain` but `identity`. */
function hasOtherForm(identity: string, plain: string, stored: ReadonlyMap<string, StoredIdentity>): boolean {
  for (const name of stored.keys())
    if (name !== identity && (name === plain || name.startsWith(`${plain}#`))) return true;
  return false;
}
