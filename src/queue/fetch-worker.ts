import type { Config, SourceConfig } from '../config/resolve-config.js';
import { describeError } from '../core/errors.js';
import { createHostSemaphore, type HostSemaphore } from '../pipeline/host-semaphore.js';
import { ingestSource } from '../pipeline/ingest-source.js';
import type { Store } from '../store/store.js';
import { readFetchJob, type FetchJobData } from './fetch-job.js';
import type { FetchQueue, QueuedJob } from './fetch-queue.js';
import { withFetcher } from './fetcher-store.js';

/**
 * How long a job waits for a backoff that this machine's clock says has not quite ended: the job
 * started at its due time by the database's clock, and machines' clocks differ by seconds.
 */
const CLOCK_SKEW_MS = 60_000;

/** What one job did, for the worker's log line. */
export interface FetchJobReport {
  jobId: string;
  sourceKey: string;
  /**
   * `ok` and `not-modified` are successful fetches; a `failed` fetch is stored with its backoff;
   * `job-failed`: nothing could be recorded (the store is unusable), and the queue retries the job.
   */
  result: 'ok' | 'not-modified' | 'failed' | 'skipped' | 'job-failed';
  /** The error, or why nothing was fetched; empty for a success. */
  detail: string;
  itemsNew: number;
  itemsUpdated: number;
  durationMs: number;
}

/** What a worker needs. */
export interface FetchWorkerOptions {
  config: Config;
  store: Store;
  queue: FetchQueue;
  /** Jobs this process runs at once. */
  concurrency: number;
  /** Who fetches, as the store records it: `<hostname>:<pid>`. */
  fetchedBy: string;
  onJob: (report: FetchJobReport) => void;
}

/**
 * Works the fetch queue until the queue is closed: each job ingests one source into the store.
 * `fetch.perHost` is the queue's group limit, so it holds across every worker on every machine.
 */
export async function startFetchWorker(options: FetchWorkerOptions): Promise<void> {
  const { config, queue, concurrency } = options;
  const context: JobContext = {
    config,
    store: withFetcher(options.store, options.fetchedBy),
    sources: new Map(config.sources.map((source) => [source.key, source])),
    // Requests per host inside this process too: a source's article pages may share a feed's host.
    hosts: createHostSemaphore(config.fetch.perHost),
  };
  await queue.work({ concurrency, perHost: config.fetch.perHost }, async (job) => {
    const started = Date.now();
    try {
      options.onJob(await runFetchJob(job, context));
    } catch (error) {
      // The queue fails the job and hands it out again (up to its retry limit).
      const sourceKey = (job.data as { sourceKey?: unknown } | null)?.sourceKey;
      options.onJob({
        jobId: job.id,
        sourceKey: typeof sourceKey === 'string' ? sourceKey : '?',
        result: 'job-failed',
        detail: `${describeError(error)}; the job is retried`,
        itemsNew: 0,
        itemsUpdated: 0,
        durationMs: Date.now() - started,
      });
      throw error;
    }
  });
}

interface JobContext {
  config: Config;
  store: Store;
  sources: Map<string, SourceConfig>;
  hosts: HostSemaphore;
}

/**
 * Runs one job: skips it when it was overtaken or names a source this worker's config lacks,
 * otherwise ingests the source. A source's own failure is stored (with its backoff) and the job
 * completes; only what keeps the worker from recording anything (the store is unusable) is thrown,
 * and pg-boss retries the job.
 */
async function runFetchJob(job: QueuedJob, context: JobContext): Promise<FetchJobReport> {
  const started = Date.now();
  const report = (
    sourceKey: string,
    result: FetchJobReport['result'],
    detail: string,
    items = { itemsNew: 0, itemsUpdated: 0 },
  ): FetchJobReport => ({
    jobId: job.id,
    sourceKey,
    result,
    detail,
    ...items,
    durationMs: Date.now() - started,
  });
  let data: FetchJobData;
  try {
    data = readFetchJob(job.id, job.data);
  } catch (error) {
    // A malformed job never becomes valid: retrying it would only repeat this line.
    return report('?', 'skipped', describeError(error));
  }
  const source = context.sources.get(data.sourceKey);
  if (!source) return report(data.sourceKey, 'skipped', "not in this worker's config");
  const outcome = await ingestSource(
    source,
    { config: context.config, store: context.store, hosts: context.hosts },
    { after: data.after, clockSkewMs: CLOCK_SKEW_MS },
  );
  const items = { itemsNew: outcome.itemsNew, itemsUpdated: outcome.itemsUpdated };
  if (outcome.skipped !== null) return report(source.key, 'skipped', outcome.skipped);
  if (outcome.error !== null) return report(source.key, 'failed', outcome.error, items);
  return report(source.key, outcome.notModified ? 'not-modified' : 'ok', '', items);
}
