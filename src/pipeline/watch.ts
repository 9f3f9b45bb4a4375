import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config/resolve-config.js';
import type { SourceRecord, Store } from '../store/store.js';
import { runAllSources, type RunSummary } from './run-all.js';
import { createRebuildThrottle } from './watch-rebuild.js';
import { nextFetchOf, type NextFetch } from './watch-schedule.js';

/** What one watch cycle did, for its log line. */
export interface WatchCycle {
  number: number;
  due: number;
  summary: RunSummary;
  /** When the next source is due (ms since epoch). */
  nextAt: number;
}

/** Options of the long-running watch mode. */
export interface WatchOptions {
  config: Config;
  store: Store;
  /** Stops the loop: no new fetch starts, in-flight ones finish, a pending rebuild runs. */
  signal: AbortSignal;
  onCycle?: (cycle: WatchCycle) => void;
  /**
   * Rebuilds outputs after changes: at most once per `watch.rebuildDelaySeconds`, and at least that
   * often while changes are pending.
   */
  rebuild?: () => Promise<void>;
  /** Longest sleep between checks, so config-independent clocks (sleep, suspend) self-correct. */
  maxSleepMs?: number;
}

/**
 * Fetches each source when it is due, forever, until the signal aborts. Every decision is made from
 * the store (last attempt, backoff, the server's last hint) and written back with its reason, so a
 * restarted daemon picks up where it left and `newsmill sources` shows why a source waits.
 */
export async function watchSources(options: WatchOptions): Promise<void> {
  const { config, store, signal } = options;
  const rebuild = createRebuildThrottle(options.rebuild, config.watch.rebuildDelaySeconds * 1000);
  let cycle = 0;
  try {
    while (!signal.aborted) {
      let plan = await planFetches(config, store);
      const due = config.sources.filter((source) => (plan.get(source.key)?.dueAt ?? 0) <= Date.now());
      if (due.length > 0) {
        const summary = await runAllSources({ config, store, sources: due, signal, applyRetention: true });
        if (summary.itemsNew + summary.itemsUpdated > 0) rebuild.schedule();
        plan = await planFetches(config, store);
        options.onCycle?.({ number: ++cycle, due: due.length, summary, nextAt: earliest(plan) });
      }
      const wait = Math.max(250, Math.min(options.maxSleepMs ?? 60_000, earliest(plan) - Date.now()));
      await sleep(wait, undefined, { signal }).catch(() => undefined);
    }
  } finally {
    await rebuild.flush();
  }
}

/** Decides every configured source's next fetch and stores the decisions that changed. */
async function planFetches(config: Config, store: Store): Promise<Map<string, NextFetch>> {
  const records = new Map<string, SourceRecord>((await store.listSources()).map((r) => [r.key, r]));
  const now = new Date();
  const plan = new Map<string, NextFetch>();
  for (const source of config.sources) {
    const record = records.get(source.key);
    const next = nextFetchOf(source, record, config, now);
    plan.set(source.key, next);
    // A source never fetched has no row yet; its first fetch registers it.
    if (!record) continue;
    const dueAt = new Date(Math.max(next.dueAt, 0)).toISOString();
    if (record.nextDueAt !== dueAt || record.dueReason !== next.reason)
      await store.recordSchedule(source.key, { dueAt, reason: next.reason });
  }
  return plan;
}

function earliest(plan: Map<string, NextFetch>): number {
  let at = Infinity;
  for (const next of plan.values()) at = Math.min(at, next.dueAt);
  return at;
}
