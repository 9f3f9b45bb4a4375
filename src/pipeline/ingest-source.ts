import { setTimeout as sleep } from 'node:timers/promises';
import type { SourceConfig } from '../config/resolve-config.js';
import { describeError } from '../core/errors.js';
import { StoreUnusableError } from '../store/store-faults.js';
import type { PollHint, SourceFetchState, SourceValidators } from '../store/store.js';
import { backoffEndsAt, fetchSourceFeed, nextAttemptAfterFailure, type SourceFetch } from './fetch-feed.js';
import { cleanStaleStoredItems } from './clean-items.js';
import { ingestFeed } from './ingest-feed.js';
import type { IngestContext } from './refresh-context.js';
import { emptyOutcome, type SourceOutcome } from './source-outcome.js';
import { nextFetchOf } from './watch-schedule.js';

/** What a fetch attempt leaves for the fetch log. */
interface FetchAttempt {
  /** The HTTP status of the answer, or null when none came. */
  status: number | null;
  /** The validators the answer carried, else the ones the request sent. */
  validators: SourceValidators;
}

/**
 * A fetch a scheduler decided on (a queue's job): due after the attempt it names, which a fetch
 * that overtook it (another job, a `run`) has replaced in the store by the time it runs.
 */
export interface ScheduledFetch {
  /** The source's last attempt when the fetch was scheduled (ISO 8601), or null for none. */
  after: string | null;
  /**
   * How long to wait out a backoff that this machine's clock says has not quite ended, in ms: the
   * job started at its due time by the database's clock, and machines' clocks differ by seconds.
   */
  clockSkewMs: number;
}

/**
 * Ingests one source: fetch → parse → filter → full text → clean → store, then records the fetch
 * state in the store (validators, backoff, the server's polling hint, when the source is next
 * due). It writes no output: publishing reads what it stored. Failures of the source are caught
 * and returned, never thrown, so one bad source cannot stop a run; a store that cannot be used is
 * thrown. A `scheduled` fetch that was overtaken is skipped.
 */
export async function ingestSource(
  source: SourceConfig,
  context: IngestContext,
  scheduled?: ScheduledFetch,
): Promise<SourceOutcome> {
  const outcome = emptyOutcome(source);
  let startedAt = new Date();
  const { store } = context;
  const registration = { key: source.key, location: source.location, categories: source.categories };
  const state = await store.registerSource(registration);
  if (scheduled) {
    if (state.lastAttemptAt !== scheduled.after) {
      outcome.skipped = `already fetched at ${state.lastAttemptAt ?? '?'}, after this job was scheduled`;
      return outcome;
    }
    const backoff = backoffEndsAt(state, startedAt, context.config);
    const wait = backoff === null ? 0 : backoff.getTime() - startedAt.getTime();
    if (backoff !== null && wait > 0 && wait <= scheduled.clockSkewMs) {
      // A timer may fire a millisecond before the wall clock reaches its end; a clock stepped back
      // meanwhile must not stretch the wait past the skew allowed (then the backoff skips the job).
      const giveUpAt = performance.now() + scheduled.clockSkewMs;
      while (Date.now() < backoff.getTime() && performance.now() < giveUpAt)
        await sleep(Math.min(backoff.getTime() - Date.now(), giveUpAt - performance.now()));
      startedAt = new Date();
    }
  }
  outcome.skipped = backoffReason(state, startedAt, context);
  if (outcome.skipped !== null) return outcome;
  const attempt = await fetchAndIngest(source, state, context, outcome, startedAt);
  await recordAttempt(source, state, attempt, context, outcome, startedAt);
  await recordNextCheck(source, context, outcome);
  return outcome;
}

/** Why the source is not fetched now, or null: it is backing off after failures, unless forced. */
function backoffReason(state: SourceFetchState, startedAt: Date, context: IngestContext): string | null {
  const backoff = backoffEndsAt(state, startedAt, context.config);
  if (context.force || backoff === null || backoff.getTime() <= startedAt.getTime()) return null;
  return `backing off until ${backoff.toISOString()} after ${state.errorStreak} failed fetches`;
}

/** Fetches the feed and, unless the server answered 304, ingests it; then catches up stale cleanings. */
async function fetchAndIngest(
  source: SourceConfig,
  state: SourceFetchState,
  context: IngestContext,
  outcome: SourceOutcome,
  startedAt: Date,
): Promise<FetchAttempt> {
  const known = context.force ? { ...state, etag: null, lastModified: null } : state;
  const attempt: FetchAttempt = {
    status: null,
    validators: { etag: known.etag, lastModified: known.lastModified },
  };
  try {
    const fetched = await fetchSourceFeed(source, known, context.config, context.signal, context.hosts);
    const { response } = fetched;
    attempt.status = response.status;
    noteFetch(fetched, outcome);
    if (response.notModified) outcome.notModified = true;
    else {
      attempt.validators = { etag: response.etag, lastModified: response.lastModified };
      await ingestFeed(response, source, context, outcome, startedAt);
    }
    await cleanStaleStoredItems(source, context, outcome);
  } catch (error) {
    // A store that cannot be used fails every source alike: the run stops with one message.
    if (error instanceof StoreUnusableError) throw error;
    outcome.error = describeError(error);
  }
  return attempt;
}

/** Where the feed came from and the server's polling hint, as the outcome reports them. */
function noteFetch(fetched: SourceFetch, outcome: SourceOutcome): void {
  outcome.servedBy = fetched.servedBy;
  outcome.movedTo = fetched.movedTo;
  outcome.pollHintSeconds = fetched.response.maxAgeSeconds;
  if (fetched.response.maxAgeSeconds !== null) outcome.pollHintFrom = 'max-age';
  outcome.warnings.push(...fetched.skippedMirrors.map((message) => `instance skipped: ${message}`));
}

/**
 * Logs the fetch and updates the source's health. A failure to log becomes the source's error
 * unless it already has one.
 */
async function recordAttempt(
  source: SourceConfig,
  state: SourceFetchState,
  attempt: FetchAttempt,
  context: IngestContext,
  outcome: SourceOutcome,
  startedAt: Date,
): Promise<void> {
  await context.store
    .recordFetch({
      sourceKey: source.key,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      status: attempt.status,
      error: outcome.error,
      itemsSeen: outcome.itemsNew + outcome.itemsUpdated + outcome.itemsUnchanged,
      itemsNew: outcome.itemsNew,
      itemsUpdated: outcome.itemsUpdated,
      // Items are stored by now, so publishing needs no refetch; only an item that could not be
      // ingested clears the validators, so that the next fetch reads the whole feed again.
      validators: outcome.itemErrors.length === 0 ? attempt.validators : { etag: null, lastModified: null },
      nextAttemptAt:
        outcome.error === null
          ? null
          : nextAttemptAfterFailure(state.errorStreak + 1, startedAt, context.config),
      movedTo: outcome.movedTo,
      servedBy: outcome.servedBy,
      pollHint: pollHintToStore(outcome),
    })
    .catch((error: unknown) => {
      if (error instanceof StoreUnusableError) throw error;
      outcome.error ??= describeError(error);
    });
}

/**
 * Stores when the source is next due and why, decided from the state just recorded, so that a
 * scheduler on any machine (and `newsmill sources`) reads it without deciding again. A failure to
 * store it is a warning, not the source's failure: the fetch itself is recorded, and a scheduler
 * decides from that state again.
 */
async function recordNextCheck(
  source: SourceConfig,
  context: IngestContext,
  outcome: SourceOutcome,
): Promise<void> {
  const { store, config } = context;
  try {
    const record = await store.getSource(source.key);
    if (record === null) return;
    const next = nextFetchOf(source, record, config, new Date());
    const dueAt = new Date(Math.max(next.dueAt, 0)).toISOString();
    await store.recordSchedule(source.key, { dueAt, reason: next.reason });
  } catch (error) {
    if (error instanceof StoreUnusableError) throw error;
    outcome.warnings.push(`next check time not stored: ${describeError(error)}`);
  }
}

/**
 * The hint to store: a parsed feed's replaces the last one (null when it gave none); a 304 or a
 * failure keeps the last one unless a 304 carries a new max-age, since the feed was not read.
 */
function pollHintToStore(outcome: SourceOutcome): PollHint | null | undefined {
  const hint =
    outcome.pollHintSeconds !== null && outcome.pollHintFrom !== null
      ? { seconds: outcome.pollHintSeconds, from: outcome.pollHintFrom }
      : null;
  if (outcome.error !== null) return undefined;
  if (outcome.notModified) return hint ?? undefined;
  return hint;
}
