import type { SourceConfig } from '../config/resolve-config.js';
import { cleaningKey, storedCleaningKey, storedCleaningOf } from '../content/cleaning-key.js';
import { processItemContent } from '../content/process-content.js';
import { describeError } from '../core/errors.js';
import { readSecret } from '../io/secret-file.js';
import { StoreUnusableError } from '../store/store-faults.js';
import type { CleanedItem, StoredItem } from '../store/store.js';
import { cleaningSettingsOf } from './publish-post.js';
import type { IngestContext } from './refresh-context.js';
import type { SourceOutcome } from './source-outcome.js';

/**
 * The clean step of ingest: cleans the stored items whose stored cleaning is missing, stale (new
 * and changed items, and any cleaned under other settings) or not sealed, and stores each
 * article's cleaned HTML, cover and plain text beside it, sealed, so that outputs render them
 * without cleaning again or reading the raw article. An item that cannot be cleaned fails that
 * item (its feed is then fetched whole again), and outputs clean it themselves.
 */
export async function cleanStoredItems(
  items: readonly StoredItem[],
  source: SourceConfig,
  context: IngestContext,
  outcome: SourceOutcome,
): Promise<void> {
  await cleanAndStore(items, source, context, outcome, outcome.itemErrors);
}

// Per source and run: after a new cleaner version the first runs catch up over a few, not at once.
const STALE_CLEANINGS_PER_RUN = 500;

/**
 * Cleans again stored items whose cleaning was made under other settings (a new cleaner version,
 * other proxy settings), whether or not their feed still lists them or answered 304: without it,
 * every item gone from its feed would be read whole and sanitized again by every full build until
 * retention removed it. A failure is a warning: the item is not the feed's, and fetching the feed
 * whole again would not help it.
 */
export async function cleanStaleStoredItems(
  source: SourceConfig,
  context: IngestContext,
  outcome: SourceOutcome,
): Promise<void> {
  const key = cleaningKey(cleaningSettingsOf(source, context.config));
  let stale: StoredItem[];
  try {
    stale = await context.store.listStaleCleanings(source.key, key, STALE_CLEANINGS_PER_RUN);
  } catch (error) {
    if (error instanceof StoreUnusableError) throw error;
    outcome.warnings.push(`stale cleaned articles not listed: ${describeError(error)}`);
    return;
  }
  const failures: string[] = [];
  await cleanAndStore(stale, source, context, outcome, failures);
  for (const failure of failures) outcome.warnings.push(`stored ${failure} not cleaned again`);
}

async function cleanAndStore(
  items: readonly StoredItem[],
  source: SourceConfig,
  context: IngestContext,
  outcome: SourceOutcome,
  failures: string[],
): Promise<void> {
  const { store } = context;
  const settings = cleaningSettingsOf(source, context.config);
  const key = cleaningKey(settings);
  const secret = readSecret(context.config.seal, true);
  const cleaned: CleanedItem[] = [];
  for (const item of items) {
    // With a secret, a cleaning stored without any seal (by a newsmill before seals) is made again
    // and sealed; one under another secret's seal is left to outputs to sanitize, since a secret
    // that lasts one run (the workflow without NEWSMILL_SEAL_SECRET) would make every run clean all.
    const unsealed = secret !== null && item.cleaned?.key === key;
    if (storedCleaningOf(item, key) && !unsealed) continue;
    try {
      const content = processItemContent(item, {
        ...settings,
        sourceKey: source.key,
        identity: item.identity,
      });
      const cleaning = { from: item.changedAt, ...content };
      const sealed = { ...cleaning, sourceKey: source.key, identity: item.identity };
      cleaned.push({ identity: item.identity, key: storedCleaningKey(key, secret, sealed), ...cleaning });
    } catch (error) {
      failures.push(`item "${item.title ?? item.identity}": ${describeError(error)}`);
    }
  }
  if (cleaned.length === 0) return;
  // The items are stored: without their cleanings, outputs clean them, so this is no failure.
  await store.saveCleanedContent(source.key, cleaned).catch((error: unknown) => {
    if (error instanceof StoreUnusableError) throw error;
    outcome.warnings.push(`cleaned articles not stored: ${describeError(error)}`);
  });
}
