import type { Config, SourceConfig } from '../config/resolve-config.js';
import { capItemSize, describeItemCuts } from '../content/item-size.js';
import { assignIdentities } from '../core/item-identity.js';
import type { Feed } from '../core/model.js';
import type { FetchResult } from '../fetch/fetch-result.js';
import { createItemFilter } from '../filter/item-filter.js';
import { parseFeed } from '../parse/parse-feed.js';
import type { StoredItem } from '../store/store.js';
import { keepWithinLimit } from './catch-up.js';
import { cleanStoredItems } from './clean-items.js';
import { keepStoredIdentities, type IdentifiedItem } from './stored-identities.js';
import type { IngestContext } from './refresh-context.js';
import type { SourceOutcome } from './source-outcome.js';

/**
 * The ingest half of a refresh: parse → filter → limit (catching up, `keepWithinLimit`) → full text
 * → store (under the identities stored before, `keepStoredIdentities`) → clean, counting into the
 * outcome. Returns the stored items retention has not removed.
 */
export async function ingestFeed(
  response: FetchResult,
  source: SourceConfig,
  context: IngestContext,
  outcome: SourceOutcome,
  startedAt: Date,
): Promise<StoredItem[]> {
  const feed = parseResponse(response, source, outcome, startedAt);
  // Identities from the whole feed, so that an item has the same one whichever items of its guid
  // the filters, the limit or a later fetch leave out (`assignIdentities`, `keepStoredIdentities`).
  const identified = assignIdentities(feed.items);
  // Cut before anything compares them with stored items, which were stored cut; after identities,
  // so that an item identified by a hash of its text keeps its identity.
  const maxBytes = context.config.content.maxItemKB * 1024;
  const capped = filterItems(identified, source, context.config, outcome, startedAt).map(
    ({ identity, item }): IdentifiedItem => {
      const capped = capItemSize(item, maxBytes);
      return capped.cuts.length === 0 ? { identity, item } : { identity, ...capped, listed: item };
    },
  );
  const kept = await keepWithinLimit(capped, source, context.store);
  outcome.itemsCaughtUp = kept.caughtUp;
  outcome.warnings.push(...kept.warnings);
  let { items } = kept;
  const { fullText } = source;
  if (fullText && context.hosts) {
    const { config, store, hosts } = context;
    items = await withFullText(items, fullText, source.key, { config, store, hosts }, outcome.warnings);
  }
  return storeItems(items, source, context, outcome, startedAt);
}

/** Parses the fetched body, and takes the feed's own polling hint when the server gave none. */
function parseResponse(
  response: FetchResult,
  source: SourceConfig,
  outcome: SourceOutcome,
  startedAt: Date,
): Feed {
  const isHttp = /^https?:\/\//i.test(response.effectiveUrl);
  const feed = parseFeed(response.text, {
    url: isHttp ? response.effectiveUrl : null,
    timezone: source.timezone,
    now: startedAt.getTime(),
  });
  outcome.warnings.push(...feed.warnings);
  // The server's Cache-Control wins; the feed's own <ttl> / sy:updatePeriod is the next hint.
  if (outcome.pollHintSeconds === null && feed.ttlMinutes !== null) {
    outcome.pollHintSeconds = feed.ttlMinutes * 60;
    outcome.pollHintFrom = 'ttl';
  }
  return feed;
}

/** Applies the config's then the source's include/exclude/age filters. */
function filterItems(
  items: readonly IdentifiedItem[],
  source: SourceConfig,
  config: Config,
  outcome: SourceOutcome,
  startedAt: Date,
): IdentifiedItem[] {
  const { kept, filtered } = createItemFilter([
    config.filters ?? undefined,
    source.filters ?? undefined,
  ]).apply(
    items.map(({ item }) => item),
    startedAt,
  );
  outcome.filtered = filtered.map(({ item, reason }) => ({ title: item.title, reason }));
  const passed = new Set(kept);
  return items.filter(({ item }) => passed.has(item));
}

/** Replaces the items' summaries with the articles of their pages, where the source asks for full text. */
async function withFullText(
  items: readonly IdentifiedItem[],
  options: NonNullable<SourceConfig['fullText']>,
  sourceKey: string,
  context: Required<Pick<IngestContext, 'config' | 'store' | 'hosts'>>,
  warnings: string[],
): Promise<IdentifiedItem[]> {
  // Loaded on demand: the DOM and Readability cost ~150 ms of start-up that most runs never need.
  const { addFullText } = await import('./full-text.js');
  // Items retention removed are not stored again: fetching their pages would only be traffic,
  // and their cached pages went with them.
  const kept = await keepStoredIdentities(sourceKey, items, context.store);
  const wanted = kept.filter(({ expired }) => !expired).map(({ item }) => item);
  const full = await addFullText(wanted, options, context, warnings);
  const byItem = new Map(wanted.map((item, index) => [item, full[index] ?? item]));
  const maxBytes = context.config.content.maxItemKB * 1024;
  return items.map((entry) => {
    const full = byItem.get(entry.item);
    return full === undefined || full === entry.item
      ? entry
      : { identity: entry.identity, ...capItemSize(full, maxBytes), listed: entry.listed ?? entry.item };
  });
}

/**
 * Saves the items (cut to size), counting them by what saving did; returns the saved items that are
 * not expired.
 */
async function storeItems(
  items: readonly IdentifiedItem[],
  source: SourceConfig,
  context: IngestContext,
  outcome: SourceOutcome,
  startedAt: Date,
): Promise<StoredItem[]> {
  const kept = await keepStoredIdentities(source.key, items, context.store);
  const cuts = new Map<string, string>();
  kept.forEach(({ identity, item }, index) => {
    const cut = items[index]?.cuts ?? [];
    if (cut.length > 0) cuts.set(identity, describeItemCuts(item.title ?? identity, cut));
  });
  const assigned = kept.map(({ identity, item }) => ({ identity, item }));
  const saved = await context.store.saveItems(source.key, assigned, startedAt.toISOString());
  const live: StoredItem[] = [];
  for (const { status, item } of saved) {
    if (status === 'expired') {
      outcome.itemsExpired++;
      continue;
    }
    if (status === 'new') outcome.itemsNew++;
    else if (status === 'updated') outcome.itemsUpdated++;
    else outcome.itemsUnchanged++;
    // Said when the cut item is stored, not again on every fetch of a feed that still lists it.
    const cut = status === 'unchanged' ? undefined : cuts.get(item.identity);
    if (cut !== undefined) outcome.warnings.push(cut);
    live.push(item);
  }
  await cleanStoredItems(live, source, context, outcome);
  return live;
}
