import type { Config } from '../config/resolve-config.js';
import type { SourceFetchState } from '../store/store.js';

// The backoff rules live apart from the fetching they govern: `sources`, `watch` and the verdict read
// them on every start, and importing the fetch code would load the HTTP client (undici) for nothing.

/** When a source that has now failed `streak` times in a row may be tried again. */
export function nextAttemptAfterFailure(streak: number, now: Date, config: Config): string {
  const baseMs = config.fetch.backoffMinutes * 60_000;
  const maxMs = config.fetch.maxBackoffHours * 3_600_000;
  const delay = Math.min(maxMs, baseMs * 2 ** Math.max(0, streak - 1));
  return new Date(now.getTime() + delay).toISOString();
}

/**
 * When a failing source's backoff ends, read against the present. A backoff ending later than the
 * backoff of a failure happening now (at most `fetch.maxBackoffHours`) was recorded while the clock
 * ran ahead: it is void, and the source is due now. (Capping it at now plus the backoff instead
 * would move the cap forward with every reading, and the source would never be tried.) Null when
 * the source is not backing off.
 */
export function backoffEndsAt(
  state: Pick<SourceFetchState, 'nextAttemptAt' | 'errorStreak'>,
  now: Date,
  config: Config,
): Date | null {
  const stored = state.nextAttemptAt === null ? NaN : Date.parse(state.nextAttemptAt);
  const latest = Date.parse(nextAttemptAfterFailure(Math.max(1, state.errorStreak), now, config));
  return Number.isNaN(stored) || stored > latest ? null : new Date(stored);
}
