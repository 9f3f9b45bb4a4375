import { hostOf, type Config, type SourceConfig } from '../config/resolve-config.js';
import { FetchError, describeError } from '../core/errors.js';
import type { FetchResult } from '../fetch/fetch-result.js';
import { fetchWithRetry, type RetryPolicy } from '../fetch/retry.js';
import type { SourceFetchState } from '../store/store.js';
import type { HostSemaphore } from './host-semaphore.js';

// Re-exported: callers that fetch know the backoff rules by this module too.
export { backoffEndsAt, nextAttemptAfterFailure } from './fetch-backoff.js';

/** A successful fetch of a source, and where it came from. */
export interface SourceFetch {
  response: FetchResult;
  /** The location that answered (one of the RSSHub instances, or the moved-to URL). */
  servedBy: string;
  /** A new permanent location of the primary URL, to remember. */
  movedTo: string | null;
  /** Instances that failed before one answered, each as a short message. */
  skippedMirrors: string[];
}

/**
 * Fetches a source from its current location (a remembered permanent redirect, else the configured
 * URL), then from each mirror in turn: a failing RSSHub instance is skipped for the next one.
 * Every location gets the configured retries; validators are only sent to the primary location.
 */
export async function fetchSourceFeed(
  source: SourceConfig,
  state: SourceFetchState,
  config: Config,
  signal?: AbortSignal,
  hosts?: HostSemaphore,
): Promise<SourceFetch> {
  const primary = state.movedTo ?? source.location;
  const candidates = [primary, ...source.mirrors.filter((mirror) => mirror !== primary)];
  const policy = retryPolicyOf(config);
  const skippedMirrors: string[] = [];
  let lastError: unknown = null;
  for (const candidate of candidates) {
    const validators = candidate === primary ? state : { etag: null, lastModified: null };
    try {
      const fetch = (): Promise<FetchResult> =>
        fetchWithRetry(
          candidate,
          { ...config.fetch, etag: validators.etag, lastModified: validators.lastModified, signal },
          policy,
        );
      const host = hostOf(candidate);
      // Retries wait inside the slot: a struggling host gets no other request from us meanwhile.
      const response = await (hosts && host !== 'file' ? hosts.run(host, fetch) : fetch());
      const movedTo = candidate === primary && response.permanentUrl !== null ? response.permanentUrl : null;
      return { response, servedBy: candidate, movedTo, skippedMirrors };
    } catch (error) {
      lastError = error;
      if (signal?.aborted || !(error instanceof FetchError)) break;
      skippedMirrors.push(describeError(error));
    }
  }
  throw lastError;
}

/** The retry policy the config asks for; `Retry-After` is honoured up to 30 s. */
export function retryPolicyOf(config: Config): RetryPolicy {
  return { attempts: config.fetch.retries, baseDelayMs: config.fetch.retryDelayMs, maxDelayMs: 30_000 };
}
