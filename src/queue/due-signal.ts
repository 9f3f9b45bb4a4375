import pg from 'pg';
import { describeError } from '../core/errors.js';
import { FetchQueueError } from './queue-errors.js';

/*
 * A scheduler that enqueues jobs due now says so on a channel of the queue's schema, and idle
 * workers claim at once instead of at their next poll (2 s by default). Polling stays the floor:
 * a lost signal, a connection through a pooler that drops LISTEN, or a job due later all end up
 * claimed by a poll.
 */

/** The channel of a queue: its schema (at most 50 characters) and `_due`, within PostgreSQL's 63. */
export function dueChannelOf(queueSchema: string): string {
  return `${queueSchema}_due`;
}

/** A LISTEN connection; closing it ends the signals. */
export interface DueListener {
  close(): Promise<void>;
}

/**
 * Listens on `channel` and calls `onSignal` for every notification. A connection that fails is
 * reported once and not replaced: the workers go on polling.
 */
export async function listenForDueJobs(
  url: string,
  channel: string,
  onSignal: () => void,
  onError: (error: unknown) => void,
): Promise<DueListener> {
  const client = new pg.Client({ connectionString: url, application_name: 'newsmill worker (due signals)' });
  let closing = false;
  client.on('notification', onSignal);
  client.on('error', (error) => {
    if (!closing)
      onError(
        new FetchQueueError(`the due-job signal stopped, polling only: ${describeError(error)}`, {
          cause: error,
        }),
      );
  });
  try {
    await client.connect();
    await client.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
  } catch (error) {
    onError(
      new FetchQueueError(`no due-job signal, polling only: ${describeError(error)}`, { cause: error }),
    );
    await client.end().catch(() => undefined);
    return { close: async () => undefined };
  }
  return {
    async close() {
      closing = true;
      await client.end().catch(() => undefined);
    },
  };
}
