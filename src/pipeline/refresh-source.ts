import type { Config, SourceConfig } from '../config/resolve-config.js';
import { processItemContent } from '../content/process-content.js';
import { describeError } from '../core/errors.js';
import { assignIdentities } from '../core/item-identity.js';
import { fetchSource } from '../fetch/fetch-source.js';
import { parseFeed } from '../parse/parse-feed.js';
import type { HexoWriter } from '../posts/hexo-writer.js';
import type { Store } from '../store/store.js';

/** What refreshing one source did. */
export interface SourceOutcome {
  source: SourceConfig;
  /** The one-line reason the source failed, or null. */
  error: string | null;
  /** The server answered 304: nothing was parsed or written. */
  notModified: boolean;
  itemsNew: number;
  itemsUpdated: number;
  itemsUnchanged: number;
  filesWritten: number;
  /** Items that could not be published, each message naming the item. */
  itemErrors: string[];
  /** Problems the parser recovered from. */
  warnings: string[];
}

/** The shared parts a refresh works with. */
export interface RefreshContext {
  config: Config;
  store: Store;
  /** Null when no Hexo output is configured. */
  hexo: HexoWriter | null;
  /** Ignore stored ETag/Last-Modified and fetch everything again. */
  force?: boolean;
  signal?: AbortSignal;
}

/**
 * Fetches, parses, stores and publishes one source. Failures of the source are caught and returned,
 * never thrown, so one bad source cannot stop a run; a failing item only fails that item.
 */
export async function refreshSource(source: SourceConfig, context: RefreshContext): Promise<SourceOutcome> {
  const outcome: SourceOutcome = {
    source,
    error: null,
    notModified: false,
    itemsNew: 0,
    itemsUpdated: 0,
    itemsUnchanged: 0,
    filesWritten: 0,
    itemErrors: [],
    warnings: [],
  };
  const { store, config } = context;
  const startedAt = new Date();
  let status: number | null = null;
  let validators: { etag: string | null; lastModified: string | null } | undefined;
  try {
    await store.registerSource({ key: source.key, location: source.location, categories: source.categories });
    const previous = context.force
      ? { etag: null, lastModified: null }
      : await store.getValidators(source.key);
    const response = await fetchSource(source.location, {
      ...config.fetch,
      ...previous,
      signal: context.signal,
    });
    status = response.status;
    if (response.notModified) {
      outcome.notModified = true;
      validators = previous;
    } else {
      validators = { etag: response.etag, lastModified: response.lastModified };
      const isHttp = /^https?:\/\//i.test(response.effectiveUrl);
      const feed = parseFeed(response.text, {
        url: isHttp ? response.effectiveUrl : null,
        timezone: source.timezone,
      });
      outcome.warnings.push(...feed.warnings);
      await publishItems(feed.items.slice(0, source.limit), source, context, outcome, startedAt);
    }
  } catch (error) {
    outcome.error = describeError(error);
  }
  await store
    .recordFetch({
      sourceKey: source.key,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      status,
      error: outcome.error,
      itemsSeen: outcome.itemsNew + outcome.itemsUpdated + outcome.itemsUnchanged,
      itemsNew: outcome.itemsNew,
      itemsUpdated: outcome.itemsUpdated,
      // Validators are kept only once every item is published, so failed items are fetched again.
      validators: outcome.itemErrors.length === 0 ? validators : { etag: null, lastModified: null },
    })
    .catch((error: unknown) => {
      outcome.error ??= describeError(error);
    });
  return outcome;
}

async function publishItems(
  items: Parameters<typeof assignIdentities>[0],
  source: SourceConfig,
  context: RefreshContext,
  outcome: SourceOutcome,
  startedAt: Date,
): Promise<void> {
  const saved = await context.store.saveItems(source.key, assignIdentities(items), startedAt.toISOString());
  for (const { status, item } of saved) {
    if (status === 'new') outcome.itemsNew++;
    else if (status === 'updated') outcome.itemsUpdated++;
    else outcome.itemsUnchanged++;
    if (!context.hexo) continue;
    try {
      const content = processItemContent(item, {
        images: { mode: source.proxyMode, target: context.config.proxy.target },
        coverFallback: context.config.cover.fallback,
        sourceKey: source.key,
        identity: item.identity,
        iframeHosts: context.config.content.iframeHosts,
      });
      const written = await context.hexo.writePost(item, source, content);
      if (written.status === 'written') outcome.filesWritten++;
    } catch (error) {
      outcome.itemErrors.push(`item "${item.title ?? item.identity}": ${describeError(error)}`);
    }
  }
}
