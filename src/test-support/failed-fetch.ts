import type { SourceStore } from '../store/store.js';

/**
 * Records a fetch of `sourceKey` that failed with HTTP 500 at `failedAt` and backs off until
 * `backoffEnds` (ms since the epoch): the state a scheduled job meets after a failure.
 */
export async function recordFailedFetch(
  store: Pick<SourceStore, 'recordFetch'>,
  sourceKey: string,
  failedAt: string,
  backoffEnds: number,
): Promise<void> {
  await store.recordFetch({
    sourceKey,
    startedAt: failedAt,
    durationMs: 5,
    status: 500,
    error: 'HTTP 500',
    itemsSeen: 0,
    itemsNew: 0,
    itemsUpdated: 0,
    nextAttemptAt: new Date(backoffEnds).toISOString(),
  });
}
