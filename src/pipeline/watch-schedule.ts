import type { Config, SourceConfig } from '../config/resolve-config.js';
import type { PollHint, SourceRecord } from '../store/store.js';
import { backoffEndsAt } from './fetch-backoff.js';

const MINUTE = 60_000;

/** When `watch` fetches a source next, and why: one decision, shown by `newsmill sources`. */
export interface NextFetch {
  /** Milliseconds since the epoch; at or before now means due now. */
  dueAt: number;
  /** `hint: ttl 60 min`, `backoff after 3 failures`, `adaptive interval 72 min`, `due now: …`. */
  reason: string;
}

/**
 * How long `watch` waits between fetches of a source, and why: the configured interval when set;
 * else the last polling hint of its server (Cache-Control max-age, else the feed's `<ttl>`), kept
 * through 304s and failures; else adapted to how often the source publishes (about one new item per
 * poll). Clamped to the configured bounds so nobody is hammered or forgotten.
 */
export function pollIntervalOf(
  source: SourceConfig,
  record: Pick<SourceRecord, 'newItemsPerDay' | 'pollHint'> | undefined,
  config: Config,
): { ms: number; reason: string } {
  const min = config.watch.minIntervalMinutes * MINUTE;
  const max = config.watch.maxIntervalMinutes * MINUTE;
  const clamped = (ms: number, basis: string): { ms: number; reason: string } => {
    const bounded = Math.min(max, Math.max(min, ms));
    if (bounded === ms) return { ms, reason: basis };
    return {
      ms: bounded,
      reason: `${basis}, ${bounded > ms ? 'raised' : 'lowered'} to ${formatSpan(bounded)}`,
    };
  };
  if (source.intervalMinutes !== null) {
    const ms = source.intervalMinutes * MINUTE;
    return clamped(ms, `interval ${formatSpan(ms)} (config)`);
  }
  const hint: PollHint | null = record?.pollHint ?? null;
  // A stored hint is read back from the store, so it is checked like any outside value.
  if (hint !== null && Number.isFinite(hint.seconds) && hint.seconds > 0) {
    return clamped(hint.seconds * 1000, `hint: ${hint.from} ${formatSpan(hint.seconds * 1000)}`);
  }
  const perDay = record?.newItemsPerDay ?? 0;
  // Unknown or quiet sources start at an hour; busy ones are polled about once per new item.
  const ms = perDay > 0 ? (24 * 60 * MINUTE) / perDay : 60 * MINUTE;
  const bounded = Math.min(max, Math.max(min, ms));
  return { ms: bounded, reason: `adaptive interval ${formatSpan(bounded)}` };
}

/**
 * When a source is next due, and why. A failing source waits for its backoff alone, and is due at
 * once when the backoff has ended: its interval (maybe hours, adapted to a rate the failures
 * lowered) must not hold it back. Others wait their interval after the last attempt. Stored times
 * are untrusted: a last attempt after `now` was recorded while the clock ran ahead and anchors
 * nothing (the source is due now), and a backoff is read the same way (see `backoffEndsAt`).
 */
export function nextFetchOf(
  source: SourceConfig,
  record: SourceRecord | undefined,
  config: Config,
  now = new Date(),
): NextFetch {
  const due = (dueAt: number, basis: string): NextFetch => ({
    dueAt,
    reason: dueAt <= now.getTime() ? `due now: ${basis}` : basis,
  });
  if (!record?.lastAttemptAt) return { dueAt: 0, reason: 'due now: never fetched' };
  const attempted = Date.parse(record.lastAttemptAt);
  if (Number.isNaN(attempted) || attempted > now.getTime())
    return { dueAt: now.getTime(), reason: 'due now: last fetch recorded ahead of the clock' };
  if (record.errorStreak > 0 && record.nextAttemptAt !== null) {
    const failures = `${record.errorStreak} failure${record.errorStreak === 1 ? '' : 's'}`;
    const ends = backoffEndsAt(record, now, config);
    if (ends === null)
      return { dueAt: now.getTime(), reason: 'due now: backoff recorded ahead of the clock' };
    const dueAt = ends.getTime();
    return dueAt <= now.getTime()
      ? { dueAt, reason: `due now: backoff after ${failures} ended` }
      : { dueAt, reason: `backoff after ${failures}` };
  }
  const interval = pollIntervalOf(source, record, config);
  return due(attempted + interval.ms, interval.reason);
}

/** A duration as an operator reads it: whole minutes, else seconds. */
function formatSpan(ms: number): string {
  const minutes = ms / MINUTE;
  if (minutes >= 1) return `${Math.round(minutes * 10) / 10} min`;
  return `${Math.round(ms / 100) / 10} s`;
}
