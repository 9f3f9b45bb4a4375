import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config/resolve-config.js';
import type { SourceRecord, Store } from '../store/store.js';
import { runAllSources, type RunSummary } from './run-all.js';
import { nextDueAt, pollIntervalMs } from './watch-schedule.js';

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
  /** Rebuilds outputs after changes; called at most once per `watch.rebuildDelaySeconds`. */
  rebuild?: () => Promise<void>;
  /** Longest sleep between checks, so config-independent clocks (sleep, suspend) self-correct. */
  maxSleepMs?: number;
}

/** Fetches each source when it is due, forever, until the signal aborts. */
export async function watchSources(options: WatchOptions): Promise<void> {
  const { config, store, signal } = options;
  const hints = new Map<string, number | null>();
  const rebuild = createDebouncedRebuild(options.rebuild, config.watch.rebuildDelaySeconds * 1000);
  let cycle = 0;
  try {
    while (!signal.aborted) {
      const records = await recordsByKey(store);
      const due = config.sources.filter((source) => dueAt(source, records, hints, config) <= Date.now());
      if (due.length > 0) {
        const summary = await runAllSources({ config, store, sources: due, signal, applyRetention: true });
        for (const outcome of summary.outcomes) hints.set(outcome.source.key, outcome.pollHintSeconds);
        if (summary.itemsNew + summary.itemsUpdated > 0) rebuild.schedule();
        const after = await recordsByKey(store);
        const nextAt = Math.min(...config.sources.map((source) => dueAt(source, after, hints, config)));
        options.onCycle?.({ number: ++cycle, due: due.length, summary, nextAt });
      }
      const latest = await recordsByKey(store);
      const nextAt = Math.min(
        Infinity,
        ...config.sources.map((source) => dueAt(source, latest, hints, config)),
      );
      const wait = Math.max(250, Math.min(options.maxSleepMs ?? 60_000, nextAt - Date.now()));
      await sleep(wait, undefined, { signal }).catch(() => undefined);
    }
  } finally {
    await rebuild.flush();
  }
}

function dueAt(
  source: Config['sources'][number],
  records: Map<string, SourceRecord>,
  hints: Map<string, number | null>,
  config: Config,
): number {
  const record = records.get(source.key);
  return nextDueAt(record, pollIntervalMs(source, record, hints.get(source.key) ?? null, config), config);
}

async function recordsByKey(store: Store): Promise<Map<string, SourceRecord>> {
  return new Map((await store.listSources()).map((record) => [record.key, record]));
}

/** Coalesces bursts of changes into one rebuild after a quiet period; never runs two at once. */
function createDebouncedRebuild(
  rebuild: (() => Promise<void>) | undefined,
  delayMs: number,
): { schedule(): void; flush(): Promise<void> } {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const start = (): void => {
    timer = null;
    running = running.then(() => rebuild?.()).catch(() => undefined);
  };
  return {
    schedule() {
      if (!rebuild) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(start, delayMs);
    },
    async flush() {
      if (timer) {
        clearTimeout(timer);
        start();
      }
      await running;
    },
  };
}
