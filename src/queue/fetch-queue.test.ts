import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTestPostgres, useTestPostgres, type TestPostgres } from '../test-support/test-postgres.js';
import { fetchJobId } from './fetch-job.js';
import { FETCH_QUEUE, openFetchQueue, type FetchJobRequest, type FetchQueue } from './fetch-queue.js';
import { FetchQueueError, SharedStoreRequiredError } from './queue-errors.js';
import { requirePostgresTarget, type PostgresTarget } from './queue-settings.js';

const SETTINGS = { heartbeatSeconds: 10, pollSeconds: 0.5, retryLimit: 2 };
const quiet = { role: 'test', connections: 3, onError: () => undefined };

const job = (sourceKey: string, dueAt: string): FetchJobRequest => ({
  id: fetchJobId(sourceKey, dueAt),
  data: { sourceKey, dueAt, after: null },
  startAfter: new Date(dueAt),
  group: 'a.example',
});

describe('requirePostgresTarget', () => {
  it('refuses a SQLite store with what to do instead', () => {
    const refuse = (): unknown => requirePostgresTarget({ kind: 'sqlite', path: '/x/newsmill.db' }, 'worker');
    expect(refuse).toThrow(SharedStoreRequiredError);
    expect(refuse).toThrow(
      'newsmill worker: workers need a shared PostgreSQL store; SQLite stays single-machine (`newsmill run`/`watch`)',
    );
  });
});

describe.skipIf(!hasTestPostgres)('the fetch queue on PostgreSQL', () => {
  let database: TestPostgres;
  let target: PostgresTarget;
  const open: FetchQueue[] = [];
  beforeAll(async () => {
    database = await useTestPostgres();
    target = { kind: 'postgres', url: database.url, schema: 'site_a' };
  });
  afterAll(async () => {
    for (const queue of open) await queue.close().catch(() => undefined);
    await database.drop();
  });

  it('is created once by processes starting together, in its own schema, with the settings given', async () => {
    const queues = await Promise.all([1, 2, 3].map(() => openFetchQueue(target, SETTINGS, quiet)));
    open.push(...queues);
    const queue = await queues[0]?.boss.getQueue(FETCH_QUEUE);
    expect(queue).toMatchObject({ policy: 'exclusive', heartbeatSeconds: 10, retryLimit: 2 });
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query<{ name: string }>(
      "SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 'site_a%'",
    );
    await client.end();
    expect(rows.map((row) => row.name)).toEqual(['site_a_queue']);
  });

  it('takes a due time once, and one job per source until that job is done', async () => {
    const queue = await openFetchQueue(target, SETTINGS, quiet);
    open.push(queue);
    const first = job('https://a.example/feed', '2026-01-01T00:00:00.000Z');
    expect(await queue.enqueue([first])).toBe(1);
    expect(await queue.enqueue([first])).toBe(0);
    // Another due time of the same source while the first still waits: a slow fetch is not doubled.
    const later = job('https://a.example/feed', '2026-01-01T01:00:00.000Z');
    expect(await queue.enqueue([later, job('https://a.example/other', '2026-01-01T00:00:00.000Z')])).toBe(1);
    const [taken] = await queue.boss.fetch(FETCH_QUEUE, { batchSize: 1 });
    expect(taken?.id).toBe(first.id);
    expect(await queue.enqueue([later])).toBe(0);
    await queue.boss.complete(FETCH_QUEUE, taken?.id ?? '');
    // Done: the next due time goes in, and the finished one still cannot come back.
    expect(await queue.enqueue([first])).toBe(0);
    expect(await queue.enqueue([later])).toBe(1);
  });

  it('names the store (without its password) when the queue cannot start', async () => {
    const url = new URL(database.url);
    url.password = 'hunter2';
    url.port = '1';
    const error = await openFetchQueue({ ...target, url: url.href }, SETTINGS, quiet).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FetchQueueError);
    expect(String(error)).toContain('schema site_a_queue could not be started');
    expect(String(error)).not.toContain('hunter2');
  });

  it('refuses a store schema too long to name its queue schema', async () => {
    const long = { ...target, schema: 'a'.repeat(45) };
    await expect(openFetchQueue(long, SETTINGS, quiet)).rejects.toThrow(/at most 44 characters/);
  });
});
