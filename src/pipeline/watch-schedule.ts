import type { Config, SourceConfig } from '../config/resolve-config.js';
import type { SourceRecord } from '../store/store.js';
import { backoffEndsAt } from './fetch-feed.js';

const MINUTE = 60_000;

/**
 * How long `watch` waits between fetches of a source: the configured interval when set; else the
 * server's Cache-Control hint; else adapted to how often the source publishes (about one new item
 * per poll). The result is clamped to the configured bounds so nobody is hammered or forgotten.
 */
export function pollIntervalMs(
  source: SourceConfig,
  record: SourceRecord | undefined,
  pollHintSeconds: number | null,
  config: Config,
): number {
  const min = config.watch.minIntervalMinutes * MINUTE;
  const max = config.watch.maxIntervalMinutes * MINUTE;
  const clamp = (value: number): number => Math.min(max, Math.max(min, value));
  if (source.intervalMinutes !== null) return clamp(source.intervalMinutes * MINUTE);
  if (pollHintSeconds !== null && pollHintSeconds > 0) return clamp(pollHintSeconds * 1000);
  const perDay = record?.newItemsPerDay ?? 0;
  // Unknown or quiet sources start at an hour; busy ones are polled about once per new item.
  if (perDay <= 0) return clamp(60 * MINUTE);
  return clamp((24 * 60 * MINUTE) / perDay);
}

/**
 * When a source is next due: its last attempt plus its interval, or the end of its backoff if
 * later. A last attempt after `now` was recorded while the clock ran ahead and anchors nothing: the
 * source is due now, and that fetch records a time on the present clock. The backoff is read the
 * same way (see `backoffEndsAt`).
 */
export function nextDueAt(
  record: SourceRecord | undefined,
  intervalMs: number,
  config: Config,
  now = new Date(),
): number {
  if (!record?.lastAttemptAt) return 0;
  const attempted = Date.parse(record.lastAttemptAt);
  if (attempted > now.getTime()) return now.getTime();
  const byBackoff = backoffEndsAt(record, now, config)?.getTime() ?? 0;
  return Math.max(attempted + intervalMs, byBackoff);
}
