import type { Job, JobAttempt, PgBoss } from 'pg-boss';

/** A job as pg-boss hands it to a worker. */
export type QueuedJob = Job<unknown>;

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
 * Claims jobs, several in one statement, runs them, and settles each as it ends.
 *
 * pg-boss's own `work()` runs one poller per slot, each claiming one job and then sleeping out the
 * poll interval. With the per-host group limit, a freed slot can usually be filled only with a job
 * of the host whose job just ended, so pollers woken at random mostly claim nothing: on the ingest
 * bench, four workers of twenty slots ran 12,902 claim statements for 1,000 jobs, and PostgreSQL
 * spent more CPU on them than on storing the items. Here a process claims when jobs end (as many
 * as ended: their hosts' slots), and for every free slot at start, once per poll interval and when
 * signalled (`wake`): about one claim per job.
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
  // Jobs ended since the last claim: one ending while a claim is under way must not wait for the poll.
  let ended = 0;
  // The next claim asks for every free slot: the first, one after a poll interval, one signalled.
  let claimAll = true;
  let wake: (() => void) | null = null;
  const resume = (): void => {
    const waiting = wake;
    wake = null;
    waiting?.();
  };
  const signal = (): void => {
    ended += 1;
    resume();
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
      const free = options.concurrency - running.size;
      // After jobs end, usually only their hosts have room: asking for more slots than that makes
      // the claim statement look through the whole queue for groups with room, on every job end.
      const batch = claimAll ? free : Math.min(free, Math.max(1, ended));
      ended = 0;
      claimAll = false;
      let claimed = 0;
      if (batch > 0) {
        try {
          const jobs = await boss.fetch(queue, {
            batchSize: batch,
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
      if (ended > 0) continue;
      // All slots full: wait for one to free. Otherwise ask again when a job ends (its host's slot
      // frees), and for every free slot after the poll interval.
      const waitMs = free > claimed ? options.pollMs : null;
      await new Promise<void>((resolve) => {
        const timer =
          waitMs === null
            ? null
            : setTimeout(() => {
                claimAll = true;
                resolve();
              }, waitMs);
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
    wake() {
      claimAll = true;
      resume();
    },
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
