import { hostname } from 'node:os';
import { PgBoss, type JobInsert } from 'pg-boss';
import { describeError } from '../core/errors.js';
import { describeStoreTarget } from '../store/store-target.js';
import { startClaimLoop, type ClaimLoop, type QueuedJob } from './claim-loop.js';
import { dueChannelOf, listenForDueJobs, type DueListener } from './due-signal.js';
import type { FetchJobData } from './fetch-job.js';
import { FetchQueueError } from './queue-errors.js';
import { queueSchemaOf, type FetchQueueSettings, type PostgresTarget } from './queue-settings.js';

/** The one queue newsmill uses: a job per source and due time. */
export const FETCH_QUEUE = 'newsmill-fetch';

/** One fetch job to enqueue. */
export interface FetchJobRequest {
  id: string;
  data: FetchJobData;
  /** When the job may start: its due time (or now, for one already due). */
  startAfter: Date;
  /** The feed's host: at most `fetch.perHost` jobs of one group run at once, across all workers. */
  group: string;
}

/** The job queue of a site: pg-boss in its own schema beside the store's. */
export interface FetchQueue {
  /** The pg-boss instance, started, with the fetch queue created. */
  boss: PgBoss;
  settings: FetchQueueSettings;
  /**
   * Adds jobs in one statement; returns how many were new. A job is not added when its id exists
   * (that due time was enqueued before) or its source already has a job waiting or running.
   */
  enqueue(jobs: readonly FetchJobRequest[]): Promise<number>;
  /**
   * Runs `handler` on claimed jobs, `concurrency` at a time and at most `perHost` of one group
   * across every process, until the queue is closed. A job whose handler throws is retried.
   */
  work(
    options: { concurrency: number; perHost: number },
    handler: (job: QueuedJob) => Promise<void>,
  ): Promise<void>;
  /** Stops claiming and stops pg-boss: with `drainMs`, jobs in flight get that long to finish, and the rest are released. */
  close(drainMs?: number): Promise<void>;
}

/**
 * Starts pg-boss on the store's PostgreSQL and creates the fetch queue if it is missing (every
 * worker and scheduler does this at start; pg-boss serializes it with an advisory lock), then
 * applies `settings` to it, so a changed setting takes effect without dropping the queue.
 */
export async function openFetchQueue(
  target: PostgresTarget,
  settings: FetchQueueSettings,
  options: { role: string; connections: number; onError: (error: unknown) => void },
): Promise<FetchQueue> {
  const schema = queueSchemaOf(target);
  const where = `the job queue in ${describeStoreTarget(target)}, schema ${schema}`;
  // A name pg-boss would refuse is said in newsmill's words, naming the store.
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,43}$/.test(target.schema))
    throw new FetchQueueError(`${where}: the store schema must be a plain name of at most 44 characters`);
  // Supervision finds jobs whose heartbeat stopped; it runs twice per heartbeat, at most every minute.
  const supervise = Math.min(60, Math.max(1, Math.floor(settings.heartbeatSeconds / 2)));
  const boss = new PgBoss({
    connectionString: target.url,
    schema,
    application_name: `newsmill ${options.role} pid ${process.pid} on ${hostname()}`.slice(0, 63),
    max: options.connections,
    superviseIntervalSeconds: supervise,
    monitorIntervalSeconds: supervise,
    schedule: false,
  });
  boss.on('error', options.onError);
  const queueOptions = {
    heartbeatSeconds: settings.heartbeatSeconds,
    retryLimit: settings.retryLimit,
    retryDelay: 1,
    // A completed job keeps its id this long, refusing a late second enqueue of its due time; the
    // job's `after` check covers what comes later.
    deleteAfterSeconds: 3600,
  };
  try {
    await boss.start();
    // `exclusive`: one job per source (its singleton key) waiting or running, whatever its due time.
    await boss.createQueue(FETCH_QUEUE, { policy: 'exclusive', ...queueOptions });
    await boss.updateQueue(FETCH_QUEUE, queueOptions);
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => undefined);
    throw new FetchQueueError(`${where} could not be started: ${describeError(error)}`, { cause: error });
  }
  const loops: ClaimLoop[] = [];
  const channel = dueChannelOf(schema);
  let listener: DueListener | null = null;
  return {
    boss,
    settings,
    async work(work, handler) {
      listener ??= await listenForDueJobs(
        target.url,
        channel,
        () => loops.forEach((loop) => loop.wake()),
        options.onError,
      );
      const loopOptions = {
        concurrency: work.concurrency,
        groupConcurrency: work.perHost,
        pollMs: settings.pollSeconds * 1000,
        heartbeatMs: settings.heartbeatSeconds * 1000,
      };
      loops.push(startClaimLoop(boss, FETCH_QUEUE, loopOptions, handler, options.onError));
    },
    async enqueue(jobs) {
      if (jobs.length === 0) return 0;
      const rows: JobInsert[] = jobs.map((job) => ({
        id: job.id,
        data: job.data,
        startAfter: job.startAfter,
        singletonKey: job.data.sourceKey,
        group: { id: job.group },
      }));
      const ids = await boss.insert(FETCH_QUEUE, rows, { returnId: true });
      const now = Date.now();
      // Idle workers claim jobs due now at once (see due-signal.ts); a lost signal costs one poll.
      if ((ids?.length ?? 0) > 0 && jobs.some((job) => job.startAfter.getTime() <= now))
        await boss.getDb().executeSql('SELECT pg_notify($1, $2)', [channel, '']);
      return ids?.length ?? 0;
    },
    async close(drainMs) {
      await Promise.all(loops.splice(0).map((loop) => loop.stop(drainMs)));
      await listener?.close();
      await boss.stop(drainMs === undefined ? { graceful: false } : { graceful: true, timeout: drainMs });
    },
  };
}

export type { QueuedJob };
