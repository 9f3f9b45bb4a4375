import type { Config, SourceConfig } from '../config/resolve-config.js';
import { PostsLockedError } from '../posts/hexo-lock.js';
import type { HexoWriter } from '../posts/hexo-writer.js';
import type { Store } from '../store/store.js';
import { applyRetention, describeKept, describeRefused } from './apply-retention.js';
import { runHostLimited } from './host-limited-pool.js';
import { createHostSemaphore } from './host-semaphore.js';
import { openHexoOutput, postsWritten, publishHexo } from './publish-hexo.js';
import { ingestSource } from './ingest-source.js';
import type { SourceOutcome } from './source-outcome.js';
import { createTrailingPublisher } from './trailing-publisher.js';
import {
  describeRetireHeld,
  describeRetireKept,
  describeRetireRefused,
  retireRemovedSources,
} from './removed-sources.js';

/** Totals of one run, for the closing summary. */
export interface RunSummary {
  sourcesOk: number;
  sourcesFailed: number;
  sourcesNotModified: number;
  /** Sources not fetched because they are backing off after failures. */
  sourcesSkipped: number;
  itemsNew: number;
  itemsUpdated: number;
  itemsUnchanged: number;
  itemsFailed: number;
  filesWritten: number;
  /** Items the filters dropped. */
  itemsFiltered: number;
  /** Items retention removed from the store after this run. */
  itemsPruned: number;
  /** Files newsmill had written for the pruned items, now deleted. */
  filesRemoved: number;
  /**
   * Items past retention kept because a file of theirs could not be deleted, and recorded files
   * retention refused to delete because they lie outside their output folder: why, per item.
   */
  pruneFailures: string[];
  /** Why removed sources kept their items past their grace period (not a failure), when they did. */
  retireHeld?: string;
  /**
   * Posts of sources not fetched in this run (backing off, failing, not due, or added back to the
   * config) that could not be written, each naming its source and item; or why no post was written
   * (another process held the posts' lock).
   */
  publishFailures?: string[];
  outcomes: SourceOutcome[];
}

/** Progress notifications; the CLI turns them into a bar or log lines. */
export type RunEvent =
  | { type: 'start'; total: number }
  | { type: 'source-done'; outcome: SourceOutcome; done: number; total: number };

/** Options of a whole run. */
export interface RunOptions {
  config: Config;
  store: Store;
  force?: boolean;
  /** Refresh only these sources (default: every configured source). */
  sources?: readonly SourceConfig[];
  /** Apply retention after the run (default: when every source was refreshed). */
  applyRetention?: boolean;
  /**
   * Stops the run gracefully: no further source starts, while those in flight finish fetching and
   * writing, so a stop never counts as a source failure nor leaves work half done.
   */
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
}

/**
 * Refreshes every configured source, `fetch.concurrency` at a time (each is ingested, then its due
 * Hexo posts are written behind the fetches), applies retention, then writes the due posts of every
 * other configured source, and sums up what happened.
 */
export async function runAllSources(options: RunOptions): Promise<RunSummary> {
  const output = await openHexoOutput(options.config, options.store, 'newsmill run').catch(
    (error: unknown) => {
      if (error instanceof PostsLockedError) return error;
      throw error;
    },
  );
  if (output instanceof PostsLockedError) {
    // Another process (a publish) is writing the posts: this run only ingests, and the next run
    // or publish writes its posts from the store. A watch cycle must not die of it.
    const summary = await runWithOutput(options, null);
    summary.publishFailures = [
      `not written: ${output.message}; the next run or publish writes them`,
      ...(summary.publishFailures ?? []),
    ];
    return summary;
  }
  try {
    return await runWithOutput(options, output?.hexo ?? null);
  } finally {
    await output?.release();
  }
}

async function runWithOutput(options: RunOptions, hexo: HexoWriter | null): Promise<RunSummary> {
  const { config, store } = options;
  const sources = options.sources ?? config.sources;
  const outcomes: SourceOutcome[] = new Array(sources.length);
  options.onEvent?.({ type: 'start', total: sources.length });
  // Tasks are limited per feed host below; requests per host here, where feeds and pages meet.
  const hosts = createHostSemaphore(config.fetch.perHost);
  let done = 0;
  // ingestSource returns a source's own failures. What it or the publisher throws (the store
  // cannot be used, or a bug) ends the run: no further source starts, and the error is raised only
  // once those in flight have finished, so that none of them uses the store after the caller has
  // closed it. A source's posts are written behind its fetch slot, which the next feed takes.
  const fatal = new AbortController();
  let failure: { error: unknown } | null = null;
  const fail = (error: unknown): void => {
    failure ??= { error };
    fatal.abort();
  };
  const publisher = hexo ? createTrailingPublisher(config, store, hexo) : null;
  const publications: Array<Promise<void>> = [];
  await runHostLimited(
    sources.map((source, index) => ({ source, index, host: source.host })),
    { global: config.fetch.concurrency, perHost: config.fetch.perHost },
    async ({ source, index }) => {
      try {
        const outcome = await ingestSource(source, { config, store, hosts, force: options.force });
        if (failure) return;
        outcomes[index] = outcome;
        const published =
          publisher && outcome.skipped === null && outcome.error === null
            ? publisher.publish(source, outcome)
            : Promise.resolve();
        publications.push(
          published.then(() => {
            if (!failure)
              options.onEvent?.({ type: 'source-done', outcome, done: ++done, total: sources.length });
          }, fail),
        );
      } catch (error) {
        fail(error);
      }
    },
    options.signal ? AbortSignal.any([options.signal, fatal.signal]) : fatal.signal,
  );
  await Promise.all(publications);
  if (failure) throw (failure as { error: unknown }).error;
  const summary = summarize(outcomes.filter(Boolean));
  if (options.applyRetention ?? !options.sources) await retain(config, store, summary);
  // A stopped run leaves the rest to the next: it must not start writing every due post now.
  if (hexo && !options.signal?.aborted) await publishTheRest(config, store, hexo, summary);
  return summary;
}

/**
 * Applies retention, after every source is stored so that this run's items count toward the
 * limits, then retires the sources dropped from the config: their Hexo posts go now, and their
 * items after the grace period.
 */
async function retain(config: Config, store: Store, summary: RunSummary): Promise<void> {
  const { maxAgeDays, maxItemsPerSource } = config.retention;
  if (maxAgeDays !== null || maxItemsPerSource !== null) {
    const removed = await applyRetention(config, store, config.retention, { dryRun: false });
    summary.itemsPruned = removed.expired.length;
    summary.filesRemoved = removed.files.length;
    summary.pruneFailures = [...removed.kept.map(describeKept), ...removed.refused.map(describeRefused)];
  }
  const retired = await retireRemovedSources(config, store, { dryRun: false });
  const kept = new Set(retired.kept.map((entry) => entry.sourceKey));
  const purged = retired.sources.filter((entry) => entry.due && !kept.has(entry.source.key));
  summary.itemsPruned += purged.reduce((total, entry) => total + entry.source.itemCount, 0);
  summary.filesRemoved += retired.sources.reduce((total, entry) => total + entry.files.length, 0);
  summary.retireHeld = describeRetireHeld(retired) ?? undefined;
  summary.pruneFailures.push(
    ...retired.kept.map(describeRetireKept),
    ...retired.refused.map(describeRetireRefused),
  );
}

/**
 * Writes the due Hexo posts of the configured sources this run did not publish: those backing off
 * or failing (a post that failed earlier is retried without their feed), those not due in a watch
 * cycle, and those added back to the config before their purge (their posts were deleted while
 * they were gone).
 */
async function publishTheRest(
  config: Config,
  store: Store,
  hexo: HexoWriter,
  summary: RunSummary,
): Promise<void> {
  const published = new Set(
    summary.outcomes
      .filter((outcome) => outcome.skipped === null && outcome.error === null)
      .map((outcome) => outcome.source.key),
  );
  const rest = config.sources.filter((source) => !published.has(source.key));
  if (rest.length === 0) return;
  const publish = await publishHexo(config, store, hexo, { sources: rest });
  summary.filesWritten += postsWritten(publish);
  const failures: string[] = [];
  for (const [key, entry] of publish) failures.push(...entry.itemErrors.map((line) => `${key}: ${line}`));
  if (failures.length > 0) summary.publishFailures = failures;
}

function summarize(outcomes: SourceOutcome[]): RunSummary {
  const sum = (pick: (outcome: SourceOutcome) => number): number =>
    outcomes.reduce((total, outcome) => total + pick(outcome), 0);
  return {
    sourcesOk: outcomes.filter((o) => o.error === null && o.skipped === null).length,
    sourcesSkipped: outcomes.filter((o) => o.skipped !== null).length,
    sourcesFailed: outcomes.filter((o) => o.error !== null).length,
    sourcesNotModified: outcomes.filter((o) => o.notModified).length,
    itemsNew: sum((o) => o.itemsNew),
    itemsUpdated: sum((o) => o.itemsUpdated),
    itemsUnchanged: sum((o) => o.itemsUnchanged),
    itemsFailed: sum((o) => o.itemErrors.length),
    filesWritten: sum((o) => o.filesWritten),
    itemsFiltered: sum((o) => o.filtered.length),
    itemsPruned: 0,
    filesRemoved: 0,
    pruneFailures: [],
    outcomes,
  };
}
