import { ConfigError, FetchError, ParseError } from '../core/errors.js';
import { StoreUnusableError } from '../store/store-faults.js';

/** Process exit codes, documented in the README's CLI reference. */
export const ExitCode = {
  /** The command did its job (a run may still have reported failed sources). */
  ok: 0,
  /** An unexpected error (a bug), or the store or output folder could not be used. */
  internal: 1,
  /** Bad usage or a broken config file; the message names the fix. */
  usage: 2,
  /**
   * `run`: every source failed; with `--strict`, a source needs attention (failing, backing off,
   * never succeeded), a post failed or a pruning failed. `publish`: a post failed. `sources --strict`:
   * a source needs attention.
   */
  sourcesFailed: 3,
  /** `parse`/`sanitize`: the input could not be read or is not a feed. */
  badInput: 4,
  /** `checkpoint`: the store's integrity check failed; restore a saved copy before the next run. */
  storeDamaged: 5,
} as const;

/** The exit code a command that failed with `error` ends with. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof ConfigError) return ExitCode.usage;
  if (error instanceof FetchError || error instanceof ParseError) return ExitCode.badInput;
  // Not a bug, but the command cannot go on: its one message says what to do (restore, free space).
  if (error instanceof StoreUnusableError) return ExitCode.internal;
  return ExitCode.internal;
}
