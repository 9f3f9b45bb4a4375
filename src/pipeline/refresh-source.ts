import type { Config, SourceConfig } from '../config/resolve-config.js';
import { describeError } from '../core/errors.js';
import type { HexoWriter } from '../posts/hexo-writer.js';
import { StoreUnusableError } from '../store/store-faults.js';
import type { Store } from '../store/store.js';
import { ingestSource } from './ingest-source.js';
import { publishHexo } from './publish-hexo.js';
import type { RefreshContext } from './refresh-context.js';
import type { SourceOutcome } from './source-outcome.js';
import { countPublished } from './trailing-publisher.js';

// Re-exported: callers know a refresh by this module, whichever file its types live in.
export type { IngestContext, RefreshContext } from './refresh-context.js';
export type { SourceOutcome } from './source-outcome.js';

/**
 * Ingests one source, then writes its Hexo posts that are due (when Hexo output is configured):
 * one source's share of `newsmill run` in one call (the run itself writes posts behind its fetches). Failures of the source are caught and
 * returned, never thrown; a failing post only fails that item, and never makes the feed be
 * fetched again: its item is stored, and the next publish retries it.
 */
export async function refreshSource(source: SourceConfig, context: RefreshContext): Promise<SourceOutcome> {
  const outcome = await ingestSource(source, context);
  if (context.hexo && outcome.skipped === null && outcome.error === null)
    await publishSourcePosts(source, context.config, context.store, context.hexo, outcome);
  return outcome;
}

/** Writes the due Hexo posts of one source, counting into its outcome. */
export async function publishSourcePosts(
  source: SourceConfig,
  config: Config,
  store: Store,
  hexo: HexoWriter,
  outcome: SourceOutcome,
): Promise<void> {
  try {
    countPublished(outcome, (await publishHexo(config, store, hexo, { sources: [source] })).get(source.key));
  } catch (error) {
    if (error instanceof StoreUnusableError) throw error;
    outcome.itemErrors.push(`posts not published: ${describeError(error)}`);
  }
}
