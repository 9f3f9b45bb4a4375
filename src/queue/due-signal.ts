import pg from 'pg';
import { describeError } from '../core/errors.js';
import { FetchQueueError } from './queue-errors.js';

/*
 * A scheduler that enqueues jobs due now says so on a channel of the queue's schema, and idle
 * workers claim at once instead of at their next poll (2 s by default). Polling stays the floor:
 * a lost signal, a connection through a pooler that drops LISTEN, or a job due later all end up
 * claimed by a poll. A LISTEN connection that drops (a server restart, a failover, an idle
 * timeout) is opened again with backoff, so a worker is back to claiming at once without a restart.
 */

/** The channel of a queue: its schema (at most 50 characters) and `_due`, within PostgreSQL's 63. */
export function dueChannelOf(queueSchema: string): string {
  return `${queueSchema}_due`;
}

/** A LISTEN connection; closing it ends the signals and any reconnecting. */
export interface DueListener {
  close(): Promise<void>;
}

/** How long to wait before opening the connection again: doubling from the first to the most. */
export interface ReconnectDelays {
  firstMs: number;
  maxMs: number;
}

const RECONNECT: ReconnectDelays = { firstMs: 1000, maxMs: 60_000 };

/**
 * Listens on `channel` and calls `onSignal` for every notification. A connection that cannot be
 * opened or drops is reported once per outage through `onError` and opened again, with delays
 * doubling up to `delays.maxMs`; once it listens again `onSignal` is called, since a signal sent
 * meanwhile was lost. Workers poll all along.
 */
export async function listenForDueJobs(
  url: string,
  channel: string,
  onSignal: () => void,
  onError: (error: unknown) => void,
  delays: ReconnectDelays = RECONNECT,
): Promise<DueListener> {
  let closed = false;
  // The connection listening now; one being opened is ended by open() itself once it settles, since
  // ending a pg client while it connects leaves its connect() unsettled for ever.
  let client: pg.Client | null = null;
  let opening: Promise<void> = Promise.resolve();
  let retry: NodeJS.Timeout | null = null;
  let failures = 0;

  const scheduleRetry = (): void => {
    if (closed || retry !== null) return;
    const delay = Math.min(delays.maxMs, delays.firstMs * 2 ** Math.min(failures - 1, 30));
    retry = setTimeout(() => {
      retry = null;
      // A throwing callback must not become an unhandled rejection, which would end the worker.
      opening = open().catch(onError);
    }, delay);
    // Only the claim loops keep a worker alive; a pending reconnect must not hold up its exit.
    retry.unref();
  };

  const fail = (message: string, error: unknown): void => {
    if (++failures === 1)
      onError(
        new FetchQueueError(`${message}, polling only until it reconnects: ${describeError(error)}`, {
          cause: error,
        }),
      );
    scheduleRetry();
  };

  const open = async (): Promise<void> => {
    // An idle LISTEN connection sends nothing: keepalive notices a server that vanished (a failover
    // whose old host is gone), and a connect that hangs gives up instead of taking minutes.
    const next = new pg.Client({
      connectionString: url,
      application_name: 'newsmill worker (due signals)',
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
    });
    let lost = false;
    const drop = (error: unknown): void => {
      if (lost || closed) return;
      lost = true;
      if (client === next) client = null;
      next.end().catch(() => undefined);
      fail('the due-job signal stopped', error);
    };
    next.on('notification', onSignal);
    next.on('error', drop);
    next.on('end', () => drop(new FetchQueueError('the server closed the connection')));
    try {
      await next.connect();
      await next.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
    } catch (error) {
      // The connection's own error or end event may have come first: one failure, one retry.
      const reported = lost;
      lost = true;
      next.end().catch(() => undefined);
      if (!reported && !closed) fail('no due-job signal', error);
      return;
    }
    // Dropped already: drop() ended it and scheduled the retry (a second end() may never settle).
    if (lost) return;
    if (closed) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    // A signal sent while the connection was down went nowhere: claim now rather than at the poll.
    if (failures > 0) onSignal();
    failures = 0;
  };

  opening = open();
  await opening;
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const listening = client;
      client = null;
      // A connection being opened settles within connectionTimeoutMillis, and then ends.
      await opening;
      await listening?.end().catch(() => undefined);
    },
  };
}
