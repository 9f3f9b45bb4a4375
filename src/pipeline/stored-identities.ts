import { identityForms, itemIdentity, type IdentityForms } from '../core/item-identity.js';
import type { ItemCut } from '../content/item-size.js';
import type { FeedItem } from '../core/model.js';
import { itemContentHash } from '../store/item-rows.js';
import type { ItemStore, StoredIdentity } from '../store/store.js';

/** An item of a fetch with its identity. */
export interface IdentifiedItem {
  identity: string;
  item: FeedItem;
  /** What cutting the item to `content.maxItemKB` took from it (`capItemSize`), if it was cut. */
  cuts?: readonly ItemCut[];
  /** The item as the feed listed it, which its identity was made from, where cutting or full text changed it. */
  listed?: FeedItem;
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
 * its text); `link`, it was stored with the item's link, which no other form of the guid has, or
 * with its title and text; `article`, it was stored with the item's title and text (its link may
 * have changed).
 */
type Vouch = 'name' | 'link' | 'article';

/** The stored forms an item may be, in order, or the identity it keeps. */
type Plan =
  { keep: string } | { own: string; fallback: string; candidates: Array<{ form: string; vouch: Vouch }> };

/**
 * Keeps each item of a fetch under the identity its source has it under. Items that share a guid
 * are told apart by a suffix (`assignIdentities`), which depends on the other items of the guid the
 * feed lists (`IdentityForms`), so the same article would be stored again under each form. Where
 * the store has the item under another of its forms, that one is kept: a suffixed form that names
 * this text or this link, even once retention removed it; the plain one, or a form whose link
 * other stored forms share, only when it was stored with the same title and text, or with the same
 * link while no other form of the guid has that link. Where the store has the plain guid for
 * another article beside other forms of the guid, the feed evidently reuses the guid: the item is
 * stored under its own suffixed form rather than over that article.
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
  const byGuid = formsByGuid(stored);
  const plans = identified.map(({ identity, item, listed }) =>
    planMatch(identity, item, () => identityForms(listed ?? item), stored, byGuid),
  );
  const articles = await storedArticles(sourceKey, plans, stored, store);
  const taken = new Set(identified.map(({ identity }) => identity));
  return identified.map(({ item }, index) => {
    const plan = plans[index] as Plan;
    const kept = 'keep' in plan ? plan.keep : choose(plan, item, stored, articles, taken);
    taken.add(kept);
    const record = stored.get(kept);
    return { identity: kept, item, known: record !== undefined, expired: record?.expired ?? false };
  });
}

function planMatch(
  identity: string,
  item: FeedItem,
  formsOf: () => IdentityForms | null,
  stored: ReadonlyMap<string, StoredIdentity>,
  byGuid: ReadonlyMap<string, readonly string[]>,
): Plan {
  const others = (byGuid.get(itemIdentity(item)) ?? []).filter((name) => name !== identity);
  if (others.length === 0) return { keep: identity };
  const forms = formsOf();
  if (forms === null) return { keep: identity };
  const own = stored.get(identity);
  const live = own !== undefined && !own.expired;
  // Another form stored with this link (or none), the item's own text form too: then the link
  // has named more than one article of the guid, and cannot say which is which.
  const linkShared =
    item.link === null || others.some((name) => name !== forms.link && stored.get(name)?.link === item.link);
  // The text form names the item; the link or plain form does only where its link is the item's alone.
  if (live && (identity === forms.text || (!linkShared && own.link === item.link))) return { keep: identity };
  // A link other forms share vouches for no form: the article must match.
  const candidates: Array<{ form: string | null; vouch: Vouch }> = [];
  if (identity === forms.plain)
    candidates.push(
      { form: forms.text, vouch: 'name' },
      { form: forms.link, vouch: linkShared ? 'article' : 'name' },
    );
  else if (identity === forms.link)
    candidates.push(
      { form: forms.text, vouch: 'name' },
      { form: forms.plain, vouch: linkShared ? 'article' : 'link' },
    );
  else if (identity === forms.text)
    candidates.push({ form: forms.plain, vouch: 'article' }, { form: forms.link, vouch: 'article' });
  else return { keep: identity };
  if (live) candidates.push({ form: identity, vouch: 'article' });
  // A plain guid stored for another article beside other forms of it: the guid is reused.
  const reused = identity === forms.plain && live;
  return {
    own: identity,
    fallback: reused ? ((linkShared ? null : forms.link) ?? forms.text) : identity,
    candidates: candidates.flatMap(({ form, vouch }) => (form === null ? [] : [{ form, vouch }])),
  };
}

function choose(
  plan: Exclude<Plan, { keep: string }>,
  item: FeedItem,
  stored: ReadonlyMap<string, StoredIdentity>,
  articles: ReadonlyMap<string, string>,
  taken: ReadonlySet<string>,
): string {
  const contentHash = itemContentHash(item);
  const match = plan.candidates.find(({ form, vouch }) => {
    const record = stored.get(form);
    if (!record || (form !== plan.own && taken.has(form))) return false;
    if (vouch === 'name') return true;
    if (record.expired) return false;
    // The same link, or, its link changed (a tracking parameter added), the same title and text.
    if (vouch === 'link' && record.link === item.link) return true;
    return record.contentHash === contentHash || articles.get(form) === articleKey(item);
  });
  if (match) return match.form;
  return taken.has(plan.fallback) ? plan.own : plan.fallback;
}

/** What makes two versions of an item one article apart from its link: its title and text. */
function articleKey(item: Pick<FeedItem, 'title' | 'content' | 'summary'>): string {
  return JSON.stringify([item.title, item.content ?? item.summary]);
}

/** The `articleKey` of the stored forms a plan may have to compare. */
async function storedArticles(
  sourceKey: string,
  plans: readonly Plan[],
  stored: ReadonlyMap<string, StoredIdentity>,
  store: Pick<ItemStore, 'getItems'>,
): Promise<Map<string, string>> {
  const wanted = new Set<string>();
  for (const plan of plans)
    if (!('keep' in plan))
      for (const { form, vouch } of plan.candidates)
        if (vouch !== 'name' && stored.get(form)?.expired === false) wanted.add(form);
  if (wanted.size === 0) return new Map();
  const forms = [...wanted];
  const items = await store.getItems(forms.map((identity) => ({ sourceKey, identity })));
  const articles = new Map<string, string>();
  items.forEach((item, index) => {
    if (item) articles.set(forms[index] as string, articleKey(item));
  });
  return articles;
}

/**
 * The stored identities by the guid they are a form of: `id:g#<16 hex digits>` is a form of `id:g`
 * (`IdentityForms`); any identity is a form of itself. A guid may hold `#` itself (`id:p#c`), which
 * makes no form of `id:p`.
 */
function formsByGuid(stored: ReadonlyMap<string, StoredIdentity>): Map<string, string[]> {
  const byGuid = new Map<string, string[]>();
  const add = (guid: string, name: string): void => {
    const forms = byGuid.get(guid);
    if (forms) forms.push(name);
    else byGuid.set(guid, [name]);
  };
  for (const name of stored.keys()) {
    add(name, name);
    if (FORM_SUFFIX.test(name)) add(name.slice(0, -FORM_SUFFIX_LENGTH), name);
  }
  return byGuid;
}

const FORM_SUFFIX = /#[0-9a-f]{16}$/;
const FORM_SUFFIX_LENGTH = 17;
