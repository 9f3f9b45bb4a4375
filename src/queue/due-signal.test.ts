import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTestPostgres, useTestPostgres, type TestPostgres } from '../test-support/test-postgres.js';
import { listenForDueJobs, type DueListener } from './due-signal.js';

const LISTENER = 'newsmill worker (due signals)';
const FAST = { firstMs: 50, maxMs: 400 };

describe.skipIf(!hasTestPostgres)('the due-job signal', () => {
  let database: TestPostgres;
  let admin: pg.Client;
  beforeAll(async () => {
    database = await useTestPostgres();
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await database.drop();
  });

  const notify = async (channel: string): Promise<void> => {
    await admin.query('SELECT pg_notify($1, $2)', [channel, '']);
  };
  /** Ends the listener's connection from the server side, as a restart or failover would. */
  const dropListeners = async (): Promise<number> => {
    const result = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
      [LISTENER],
    );
    return result.rowCount ?? 0;
  };
  const listeners = async (): Promise<number> => {
    const result = await admin.query<{ count: string }>(
      'SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
      [LISTENER],
    );
    return Number(result.rows[0]?.count);
  };
  const until = async (condition: () => boolean | Promise<boolean>): Promise<void> => {
    const deadline = Date.now() + 10_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('listens again after the server drops the connection, and wakes the workers once it does', async () => {
    let signals = 0;
    const errors: unknown[] = [];
    const listener: DueListener = await listenForDueJobs(
      database.url,
      'reconnect_due',
      () => signals++,
      (error) => errors.push(error),
      FAST,
    );
    try {
      await notify('reconnect_due');
      await until(() => signals === 1);
      expect(await dropListeners()).toBe(1);
      await until(() => errors.length === 1);
      expect(String(errors[0])).toMatch(/the due-job signal stopped/);
      // Back to listening: a catch-up wake for what was sent meanwhile, then signals as before.
      await until(() => signals === 2);
      await notify('reconnect_due');
      await until(() => signals === 3);
      expect(errors).toHaveLength(1);
      expect(await listeners()).toBe(1);
    } finally {
      await listener.close();
    }
  });

  it('keeps one connection through repeated drops, some of them while it reconnects', async () => {
    let signals = 0;
    const errors: unknown[] = [];
    const listener = await listenForDueJobs(
      database.url,
      'storm_due',
      () => signals++,
      (error) => errors.push(error),
      { firstMs: 5, maxMs: 20 },
    );
    try {
      const stormEnds = Date.now() + 1500;
      while (Date.now() < stormEnds) {
        await dropListeners();
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
      await until(async () => (await listeners()) >= 1);
      // Every retry chain that survived would hold a connection of its own by now.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await listeners()).toBe(1);
      const before = signals;
      await notify('storm_due');
      await until(() => signals === before + 1);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(signals).toBe(before + 1);
      expect(errors.length).toBeGreaterThanOrEqual(1);
    } finally {
      await listener.close();
    }
  });

  it('reports an outage once however many attempts it takes, and stops trying when closed', async () => {
    const errors: unknown[] = [];
    // A server that refuses every connection: the listener keeps trying with growing delays.
    const refused = new URL(database.url);
    refused.pathname = '/newsmill_no_such_database';
    const listener = await listenForDueJobs(
      refused.href,
      'absent_due',
      () => undefined,
      (e) => errors.push(e),
      FAST,
    );
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/no due-job signal/);
    await listener.close();

    // Closed while waiting to reconnect after a drop: no connection comes back.
    const dropped: unknown[] = [];
    const open = await listenForDueJobs(
      database.url,
      'closed_due',
      () => undefined,
      (e) => dropped.push(e),
      { firstMs: 150, maxMs: 150 },
    );
    await until(async () => (await listeners()) === 1);
    await dropListeners();
    await until(() => dropped.length === 1);
    await open.close();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await listeners()).toBe(0);
    expect(dropped).toHaveLength(1);
  });

  it('ends a connection still being opened when closed, and does not hang on it', async () => {
    const listener = await listenForDueJobs(
      database.url,
      'opening_due',
      () => undefined,
      () => undefined,
      {
        firstMs: 1,
        maxMs: 1,
      },
    );
    // Dropped, it reconnects at once: close while that connection is being opened.
    await dropListeners();
    await new Promise((resolve) => setTimeout(resolve, 3));
    await listener.close();
    // The server lets go of a backend a moment after its client has gone.
    await until(async () => (await listeners()) === 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await listeners()).toBe(0);
  });
});
