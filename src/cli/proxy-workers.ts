import cluster, { type Worker } from 'node:cluster';
import path from 'node:path';
import type { Logger } from 'pino';
import { NewsmillError } from '../core/errors.js';

// The slot a worker fills (1…n): a worker restarted after a crash takes its slot, and so its cache
// folder, back.
const SLOT_VARIABLE = 'NEWSMILL_PROXY_WORKER';
// A slot whose worker dies this often within the window is not restarted again: the whole proxy
// stops with an error instead of forking a crashing worker forever.
const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 60_000;
const STOP_GRACE_MS = 10_000;

/** The proxy's workers could not be kept running: one kept dying. */
export class ProxyWorkersError extends NewsmillError {
  override readonly name = 'ProxyWorkersError';
}

/** The worker's slot (1…n) when this process is a worker of `newsmill proxy --workers`, else null. */
export function proxyWorkerSlot(): number | null {
  const slot = Number(process.env[SLOT_VARIABLE]);
  return cluster.isWorker && Number.isInteger(slot) && slot > 0 ? slot : null;
}

/**
 * A worker's share of the cache: its own folder below the configured one (the disk cache assumes
 * one process owns its folder) and its share of each bound.
 */
export function workerCacheShare(
  slot: number,
  workers: number,
  cache: { cacheDir?: string | null; cacheMaxBytes?: number; memoryCacheBytes?: number },
): { cacheDir: string | null; cacheMaxBytes?: number; memoryCacheBytes?: number } {
  const share = (bytes: number | undefined) =>
    bytes === undefined ? undefined : Math.floor(bytes / workers);
  return {
    cacheDir: cache.cacheDir ? path.join(cache.cacheDir, `worker-${slot}`) : null,
    cacheMaxBytes: share(cache.cacheMaxBytes),
    memoryCacheBytes: share(cache.memoryCacheBytes),
  };
}

/** Leaves the cluster (a worker that could not start), so that the process ends with its exit code. */
export function leaveCluster(): void {
  cluster.worker?.disconnect();
}

/**
 * Runs this process as a worker listening at `url`: tells the primary, and closes (then leaves the
 * cluster, whose channel would keep the process alive) on the primary's SIGTERM or when the
 * primary is gone. A Ctrl-C reaches the whole process group: the primary decides, so it is ignored.
 */
export function serveAsWorker(url: string, close: () => Promise<void>): void {
  let closing: Promise<void> | null = null;
  const stop = (): void => {
    closing ??= close().finally(() => {
      if (process.connected) process.disconnect();
    });
  };
  process.on('SIGINT', () => undefined);
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
  process.send?.({ newsmillProxyListening: url });
}

/** The proxy's workers as the primary runs them. */
export interface ProxyWorkers {
  /** The address every worker listens on, once all of them do. */
  listening: Promise<string>;
  /** Stops every worker gracefully (SIGTERM, then SIGKILL after 10 s) and resolves when all are gone. */
  stop(): Promise<void>;
  /** Resolves when the workers stopped for good: after `stop`, or when a slot kept crashing (rejects). */
  done: Promise<void>;
}

/**
 * Starts `count` workers running this same command (node:cluster), each a whole proxy on the shared
 * port; the kernel hands each connection to one of them. A worker that dies is restarted in its
 * slot; one that keeps dying stops the proxy with an error.
 */
export function startProxyWorkers(count: number, logger: Logger): ProxyWorkers {
  // Each worker accepts its own connections: the primary handing every one over (round robin) would
  // be the bottleneck of a proxy whose point is throughput.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  const bySlot = new Map<number, Worker>();
  const crashes = new Map<number, number[]>();
  let stopping = false;
  let failure: Error | null = null;
  let settleDone: { resolve: () => void; reject: (error: Error) => void } | null = null;
  const done = new Promise<void>((resolve, reject) => (settleDone = { resolve, reject }));
  const finish = (): void => (failure ? settleDone?.reject(failure) : settleDone?.resolve());
  let reportListening: ((url: string) => void) | null = null;
  const listening = new Promise<string>((resolve) => (reportListening = resolve));
  const listeningSlots = new Set<number>();

  const fork = (slot: number): void => {
    const worker = cluster.fork({ [SLOT_VARIABLE]: String(slot) });
    bySlot.set(slot, worker);
    worker.on('message', (message: { newsmillProxyListening?: string }) => {
      if (typeof message?.newsmillProxyListening !== 'string') return;
      logger.info({ worker: slot, pid: worker.process.pid }, 'proxy worker listening');
      listeningSlots.add(slot);
      if (listeningSlots.size === count) reportListening?.(message.newsmillProxyListening);
    });
    worker.on('exit', (code, signal) => {
      bySlot.delete(slot);
      if (stopping) {
        if (bySlot.size === 0) finish();
        return;
      }
      const now = Date.now();
      const recent = [...(crashes.get(slot) ?? []), now].filter((at) => now - at < CRASH_WINDOW_MS);
      crashes.set(slot, recent);
      if (recent.length < MAX_CRASHES) {
        logger.error({ worker: slot, code, signal }, 'proxy worker exited; restarting it');
        setTimeout(() => stopping || fork(slot), 100 * recent.length);
        return;
      }
      failure = new ProxyWorkersError(
        `proxy worker ${slot} exited ${recent.length} times within a minute (last: ${signal ?? `code ${code}`}); stopping the proxy`,
      );
      void stop();
    });
  };

  const stop = async (): Promise<void> => {
    stopping = true;
    const workers = [...bySlot.values()];
    if (workers.length === 0) {
      finish();
      return;
    }
    const gone = Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve))));
    for (const worker of workers) worker.process.kill('SIGTERM');
    const force = setTimeout(
      () => workers.forEach((worker) => worker.process.kill('SIGKILL')),
      STOP_GRACE_MS,
    );
    await gone;
    clearTimeout(force);
  };

  for (let slot = 1; slot <= count; slot++) fork(slot);
  return { listening, stop, done };
}
