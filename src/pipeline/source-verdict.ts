import type { Config } from '../config/resolve-config.js';
import type { SourceRecord } from '../store/store.js';
import { backoffEndsAt } from './fetch-backoff.js';

/** Whether one configured source needs attention, and why, in a few words. */
export interface SourceJudgement {
  key: string;
  needsAttention: boolean;
  /** `HTTP 500 Internal Server Error, 3 failures in a row, backing off until 10:40 UTC`, or null when fine. */
  reason: string | null;
}

/** The one verdict over every configured source that `run --strict` and `newsmill sources` give. */
export interface SourceVerdict {
  /** False exactly when a configured source needs attention. */
  ok: boolean;
  /** Every configured source, in config order. */
  sources: SourceJudgement[];
  /** The sources that need attention, in config order. */
  attention: SourceJudgement[];
}

/** How many sources the one-line summary names before it only counts the rest. */
const NAMED_IN_LINE = 5;
/** A reason longer than this is cut: the line names several sources, and the full error is in `sources`. */
const REASON_CHARS = 120;

/**
 * Judges every configured source from the store's state. A source needs attention when its last
 * attempt failed (whether in this run or an earlier one whose backoff now skips it: a gate that
 * counted only this run's fetches would pass while every source backs off), or when it has never
 * succeeded. Sources the store remembers but the config no longer lists are not judged: nothing
 * fetches them any more.
 */
export function judgeSources(config: Config, records: readonly SourceRecord[], now: Date): SourceVerdict {
  const byKey = new Map(records.map((record) => [record.key, record]));
  const sources = config.sources.map((source) => judgeSource(source.key, byKey.get(source.key), config, now));
  const attention = sources.filter((judgement) => judgement.needsAttention);
  return { ok: attention.length === 0, sources, attention };
}

/** Judges one source from its stored record (undefined when the store has never seen it). */
export function judgeSource(
  key: string,
  record: SourceRecord | undefined,
  config: Config,
  now: Date,
): SourceJudgement {
  if (!record?.lastAttemptAt) return { key, needsAttention: true, reason: 'never fetched' };
  if (record.errorStreak > 0)
    return { key, needsAttention: true, reason: failureReason(record, config, now) };
  if (!record.lastSuccessAt) return { key, needsAttention: true, reason: 'never succeeded' };
  return { key, needsAttention: false, reason: null };
}

/**
 * One line naming the sources that need attention and why, the first few by name and the rest
 * counted: `2 sources need attention: a (HTTP 500, …), b (never fetched)`. Null when none does.
 */
export function formatAttentionLine(verdict: SourceVerdict): string | null {
  const { attention } = verdict;
  if (attention.length === 0) return null;
  const named = attention.slice(0, NAMED_IN_LINE).map(({ key, reason }) => `${key} (${reason})`);
  const rest = attention.length - named.length;
  const head =
    attention.length === 1 ? '1 source needs attention' : `${attention.length} sources need attention`;
  return `${head}: ${named.join(', ')}${rest > 0 ? `, and ${rest} more` : ''}`;
}

function failureReason(record: SourceRecord, config: Config, now: Date): string {
  const parts = [shortError(record.lastError)];
  if (record.errorStreak > 1) parts.push(`${record.errorStreak} failures in a row`);
  // Read against now, as `run` reads it: a backoff recorded while the clock ran ahead is void.
  const ends = backoffEndsAt(record, now, config);
  if (ends !== null && ends.getTime() > now.getTime())
    parts.push(`backing off until ${formatUntil(ends, now)}`);
  return parts.join(', ');
}

/**
 * The error without the request or file it came from (the line already names the source), cut to
 * a length a summary line can carry. URLs hold no spaces, so a request ends at the first `: ` after
 * them; a file path holding `: ` is cut there, which only shortens what is shown.
 */
function shortError(error: string | null): string {
  if (!error) return 'failed';
  const chars = [...error.replace(/^GET \S+(?: \(redirected from \S+\))?: |^file .+?: /, '')];
  return chars.length > REASON_CHARS ? `${chars.slice(0, REASON_CHARS - 1).join('')}…` : chars.join('');
}

/** `10:40 UTC` within a day of now (backoffs rarely last longer), else with the date. */
function formatUntil(ends: Date, now: Date): string {
  const iso = ends.toISOString();
  const soon = ends.getTime() - now.getTime() < 24 * 3_600_000;
  return soon ? `${iso.slice(11, 16)} UTC` : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
