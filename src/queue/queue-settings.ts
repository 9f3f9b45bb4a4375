import type { StoreTarget } from '../store/store-target.js';
import { SharedStoreRequiredError } from './queue-errors.js';

/*
 * What the commands need before they load pg-boss: the settings, and the check that the store is
 * one other machines can share. Kept apart from fetch-queue.ts so that reading them costs nothing.
 */

/** The part of a store target that a queue lives beside. */
export type PostgresTarget = Extract<StoreTarget, { kind: 'postgres' }>;

/** How the queue hands out and recovers jobs; every worker and scheduler of a site should agree. */
export interface FetchQueueSettings {
  /**
   * How often a running job reports that its worker is alive, in seconds (at least 10). A job whose
   * worker stops reporting (killed, machine gone) is given to another worker after this long and
   * one supervision pass (at most half of it more).
   */
  heartbeatSeconds: number;
  /** How often an idle worker asks for jobs, in seconds (at least 0.5). */
  pollSeconds: number;
  /**
   * How often a job whose worker crashed or was stopped mid-fetch is tried again. A source's own
   * failures are not job failures: they are stored with the backoff rules and the job completes.
   */
  retryLimit: number;
}

/** What a site gets unless it tunes them (`NEWSMILL_QUEUE_*`, see the README). */
export const DEFAULT_QUEUE_SETTINGS: FetchQueueSettings = {
  heartbeatSeconds: 30,
  pollSeconds: 2,
  retryLimit: 3,
};

/** The schema pg-boss keeps its tables in: the store's schema with `_queue` after it. */
export function queueSchemaOf(target: PostgresTarget): string {
  return `${target.schema}_queue`;
}

/**
 * Refuses a store that only this machine can see: workers and schedulers coordinate through the
 * database, so they need the shared PostgreSQL store.
 */
export function requirePostgresTarget(target: StoreTarget, command: string): PostgresTarget {
  if (target.kind === 'postgres') return target;
  throw new SharedStoreRequiredError(
    `newsmill ${command}: workers need a shared PostgreSQL store; SQLite stays single-machine ` +
      `(\`newsmill run\`/\`watch\`). Set \`store: postgres://…\` in the config (the store is ${target.path})`,
  );
}
