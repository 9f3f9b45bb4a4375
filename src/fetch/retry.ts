import { setTimeout as sleep } from 'node:timers/promises';
import { FetchError } from '../core/errors.js';
import type { FetchOptions } from './fetch-options.js';
import type { FetchResult } from './fetch-result.js';
import { fetchSource } from './fetch-source.js';

/** How transient failures are retried within one fetch. */
export interface RetryPolicy {
  /** Total attempts, the first included; 1 disables retrying. */
  attempts: number;
  /** Delay before the first retry; it doubles for each later one. */
  baseDelayMs: number;
  /** Upper bound of one delay, `Retry-After` included. */
  maxDelayMs: number;
}

/** Three attempts, 1 s then 2 s (±50% jitter), waiting at most 30 s for a `Retry-After`. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 3, baseDelayMs: 1000, maxDelayMs: 30_000 };

/** The pause before retry number `retry` (1-based): exponential backoff with full-range jitter. */
export function retryDelayMs(
  retry: number,
  policy: RetryPolicy,
  retryAfterMs: number | null,
  random = Math.random,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  // Jitter spreads retries of many sources that failed together, so they do not return together.
  const jittered = exponential * (0.5 + random() / 2);
  return Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
}

/**
 * Fetches with retries on network errors, timeouts, 5xx and 429, honouring `Retry-After`. Other
 * failures (404, oversize body, bad URL) are final at once, and a caller's abort is never retried.
 * A `Retry-After` longer than the policy allows ends the attempts: the source's backoff takes over.
 */
export async function fetchWithRetry(
  location: string,
  options: FetchOptions,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  onRetry?: (error: FetchError, delayMs: number) => void,
): Promise<FetchResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetchSource(location, options);
    } catch (error) {
      const retryable = error instanceof FetchError && error.retryable && !options.signal?.aborted;
      if (!retryable || attempt >= policy.attempts) throw error;
      if (error.retryAfterMs !== null && error.retryAfterMs > policy.maxDelayMs) throw error;
      const delay = retryDelayMs(attempt, policy, error.retryAfterMs);
      onRetry?.(error, delay);
      await sleep(delay, undefined, { signal: options.signal }).catch(() => undefined);
      if (options.signal?.aborted) throw error;
    }
  }
}
