import type { Config } from '../config/resolve-config.js';
import { nextFetchOf } from '../pipeline/watch-schedule.js';
import type { SourceRecord, Store } from '../store/store.js';
import { fetchJobId } from './fetch-job.js';
import type { FetchJobRequest, FetchQueue } from './fetch-queue.js';

/** What one scheduling pass did, for its log line. */
export interface SchedulePass {
  /** Configured sources due before the pass's horizon. */
  due: number;
  /** Jobs this pass added; the other due sources had theirs already (or were overtaken). */
  enqueued: number;
  /** When the earliest source not yet enqueued falls due (ms since the epoch), or null. */
  nextDueAt: number | null;
}

/**
 * Registers every configured source (so its schedule can be stored before its first fetch) and
 * notes the stored sources the config dropped, as `run` does; their posts and items are retired by
 * whoever publishes. Returns the keys added back to the config.
 */
export async function registerConfiguredSources(
  config: Config,
  store: Store,
  now = new Date(),
): Promise<string[]> {
  await store.registerSources(
    config.sources.map((source) => ({
      key: source.key,
      location: source.location,
      categories: source.categories,
    })),
  );
  return store.noteRemovedSources(
    config.sources.map((source) => source.key),
    now.toISOString(),
  );
}

/**
 * One pass of the scheduler: decides each configured source's next fetch from the stored state
 * (last attempt, interval, the server's hint, backoff), stores each decision that changed, and
 * enqueues a job for every source due before `now + horizonMs`, to start at its due time.
 *
 * Several schedulers may run at once: a due time computed from the same stored state is the same
 * everywhere, and so is the job id derived from it, which the queue takes once.
 */
export async function scheduleDueSources(
  config: Config,
  store: Store,
  queue: FetchQueue,
  options: { now?: Date; horizonMs: number },
): Promise<SchedulePass> {
  const now = options.now ?? new Date();
  const records = new Map<string, SourceRecord>((await store.listSources()).map((r) => [r.key, r]));
  const jobs: FetchJobRequest[] = [];
  const changed: Array<{ sourceKey: string; schedule: { dueAt: string; reason: string } }> = [];
  let nextDueAt: number | null = null;
  for (const source of config.sources) {
    const record = records.get(source.key);
    const next = nextFetchOf(source, record, config, now);
    const dueAt = new Date(Math.max(next.dueAt, 0)).toISOString();
    if (record && (record.nextDueAt !== dueAt || record.dueReason !== next.reason))
      changed.push({ sourceKey: source.key, schedule: { dueAt, reason: next.reason } });
    if (next.dueAt > now.getTime() + options.horizonMs) {
      nextDueAt = Math.min(nextDueAt ?? Infinity, next.dueAt);
      continue;
    }
    jobs.push({
      id: fetchJobId(source.key, dueAt),
      data: { sourceKey: source.key, dueAt, after: record?.lastAttemptAt ?? null },
      startAfter: new Date(Math.max(next.dueAt, now.getTime())),
      group: source.host,
    });
  }
  await store.recordSchedules(changed);
  let enqueued = 0;
  // Bounded statements: a site of 50,000 sources due at once is enqueued a slice at a time.
  for (let start = 0; start < jobs.length; start += 1000)
    enqueued += await queue.enqueue(jobs.slice(start, start + 1000));
  return { due: jobs.length, enqueued, nextDueAt };
}
