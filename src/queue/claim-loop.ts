import type { JobAttempt, PgBoss } from 'pg-boss';
import type { QueuedJob } from './fetch-queue.js';

/** How one process claims and runs jobs. */
export interface ClaimLoopOptions {
  /** Jobs this process runs at once. */
  concurrency: number;
  /** Jobs of one group (a feed's host) running at once across every process. */
  groupConcurrency: number;
  /** How long an idle loop waits before asking again, in ms. */
  pollMs: number;
  /** The queue's heartbeat, in ms: running jobs are touched twice per heartbeat. */
  heartbeatMs: number;
}

/** A running claim loop. */
export interface ClaimLoop {
  /**
   * Claims nothing more and waits up to `drainMs` (none when undefined) for the jobs in flight;
   * those still running then go back to the queue (failed, so retried), though their handlers are
   * left to finish: a fetch under way records what it fetched, and a later claim sees that attempt.
   */
  stop(drainMs?: number): Promise<void>;
  /** Asks again now, not at the next poll: jobs were enqueued. */
  wake(): void;
}

/**
 * Claims jobs with one statement for all free slots, runs them, and settles each as it ends.
 *
 * pg-boss's own `work()` runs one poller per slot, each claiming one job and then sleeping out the
 * poll interval. With the per-host group limit, a freed slot can usually be filled only with a job
 * of the host whose job just ended, so pollers woken at random mostly claim nothing: on the ingest
 * bench, four workers of twenty slots ran 12,902 claim statements for 1,000 jobs, and PostgreSQL
 * spent more CPU on them than on storing the items. Here a process asks once when a job ends (for
 * as many jobs as it has free slots) and otherwise once per poll interval: about one claim per job.
 * pg-boss still decides everything about the queue: which job, the group limit, attempt fences on
 * completion, retries, and the supervision that hands a stopped heartbeat's job to another worker.
 */
export function startClaimLoop(
  boss: PgBoss,
  queue: string,
  options: ClaimLoopOptions,
  handler: (job: QueuedJob) => Promise<void>,
  onError: (error: unknown) => void,
): ClaimLoop {
  const running = new Map<string, QueuedJob>();
  const released = new Set<string>();
  let stopping = false;
  // Set when a job ends; a job ending while a claim is under way must not go unnoticed until the poll.
  let ended = false;
  let wake: (() => void) | null = null;
  const signal = (): void => {
    ended = true;
    const waiting = wake;
    wake = null;
    waiting?.();
  };
  const attempt = (job: QueuedJob): JobAttempt => ({ id: job.id, retryCount: job.retryCount });

  const run = async (job: QueuedJob): Promise<void> => {
    try {
      await handler(job);
      if (!released.has(job.id)) await boss.complete(queue, attempt(job));
    } catch (error) {
      if (!released.has(job.id))
        await boss
          .fail(queue, attempt(job), { message: error instanceof Error ? error.message : String(error) })
          .catch(onError);
    } finally {
      running.delete(job.id);
      signal();
    }
  };

  const claim = async (): Promise<void> => {
    while (!stopping) {
      ended = false;
      const free = options.concurrency - running.size;
      let claimed = 0;
      if (free > 0) {
        try {
          const jobs = await boss.fetch(queue, {
            batchSize: free,
            groupConcurrency: options.groupConcurrency,
          });
          claimed = jobs.length;
          for (const job of jobs) {
            running.set(job.id, job);
            // Settled inside run(); a failure to settle is reported, and supervision retries the job.
            run(job).catch(onError);
          }
        } catch (error) {
          onError(error);
        }
      }
      if (stopping) break;
      if (ended) continue;
      // All slots full: wait for one to free. Otherwise the queue had nothing more for us just now:
      // ask again when a job ends (its host's slot frees) or after the poll interval.
      const waitMs = free > 0 && claimed < free ? options.pollMs : null;
      await new Promise<void>((resolve) => {
        const timer = waitMs === null ? null : setTimeout(resolve, waitMs);
        wake = () => {
          if (timer) clearTimeout(timer);
          resolve();
        };
      });
    }
  };

  // One statement keeps every running job's claim alive.
  const heartbeat = setInterval(
    () => {
      const held = [...running.values()].filter((job) => !released.has(job.id)).map(attempt);
      if (held.length > 0) boss.touch(queue, held).catch(onError);
    },
    Math.max(1000, options.heartbeatMs / 2),
  );
  const claiming = claim();

  return {
    wake: signal,
    async stop(drainMs) {
      stopping = true;
      signal();
      await claiming;
      if (drainMs !== undefined && running.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        const drained = new Promise<void>((resolve) => {
          const check = (): void => {
            if (running.size === 0) resolve();
            else wake = check;
          };
          wake = check;
          timer = setTimeout(resolve, drainMs);
        });
        await drained;
        clearTimeout(timer);
      }
      clearInterval(heartbeat);
      const left = [...running.values()];
      if (left.length === 0) return;
      for (const job of left) released.add(job.id);
      await boss
        .fail(queue, left.map(attempt), { message: 'released: the worker stopped before the job finished' })
        .catch(onError);
    },
  };
}
