import type { Config, SourceConfig } from '../config/resolve-config.js';
import type { SourceRecord } from '../store/store.js';

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

/** When a source is next due: its last attempt plus its interval, or its backoff time if later. */
export function nextDueAt(record: SourceRecord | undefined, intervalMs: number): number {
  if (!record?.lastAttemptAt) return 0;
  const byInterval = Date.parse(record.lastAttemptAt) + intervalMs;
  const byBackoff = record.nextAttemptAt ? Date.parse(record.nextAttemptAt) : 0;
  return Math.max(byInterval, byBackoff);
}
