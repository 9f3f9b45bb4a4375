import { ConfigError, NewsmillError } from '../core/errors.js';

/**
 * A worker or scheduler was pointed at a store other machines cannot share. It is a usage error
 * (exit code 2): the config must name a PostgreSQL store first. It keeps ConfigError's `name`,
 * which that class fixes as a literal.
 */
export class SharedStoreRequiredError extends ConfigError {}

/** The job queue (pg-boss on the store's PostgreSQL) could not be started, set up or reached. */
export class FetchQueueError extends NewsmillError {
  override readonly name = 'FetchQueueError';
}

/** A job read back from the queue does not hold what the scheduler writes: it is not run. */
export class FetchJobDataError extends NewsmillError {
  override readonly name = 'FetchJobDataError';
}
