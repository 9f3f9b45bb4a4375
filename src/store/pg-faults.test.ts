import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { hasTestPostgres, useTestPostgres } from '../test-support/test-postgres.js';
import { postgresFaultOf } from './pg-faults.js';
import { openPostgresStore } from './pg-store.js';

// A PostgreSQL store that cannot be used fails with one StoreUnusableError that says what to do
// and never shows the password.

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A loopback port that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A loopback server that accepts connections and closes them at once, as a refusing proxy does. */
async function hangingUpServer(): Promise<number> {
  const server = createServer((socket) => socket.destroy());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

describe('a PostgreSQL store that cannot be used', () => {
  it('fails to open with the server down, naming the URL without its password', async () => {
    const url = `postgres://newsmill:s3cret-pw@127.0.0.1:${await closedPort()}/news`;
    const error = await openPostgresStore({ url, schema: 'newsmill' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'StoreUnusableError', fault: 'unopenable' });
    const message = (error as Error).message;
    expect(message).toContain('postgres://newsmill:***@127.0.0.1:');
    expect(message).toContain('ECONNREFUSED');
    expect(message).not.toContain('s3cret-pw');
    expect((error as { file: string }).file).not.toContain('s3cret-pw');
  });

  it('fails to open when the server hangs up', async () => {
    const url = `postgres://newsmill:s3cret-pw@127.0.0.1:${await hangingUpServer()}/news`;
    const error = await openPostgresStore({ url, schema: 'newsmill' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'StoreUnusableError', fault: 'unopenable' });
    expect((error as Error).message).not.toContain('s3cret-pw');
  });

  it('refuses what is not a postgres:// URL without echoing it', async () => {
    const error = await openPostgresStore({ url: 'mysql://u:pw@h/db', schema: 'newsmill' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ name: 'PostgresTargetError' });
    expect((error as Error).message).not.toContain(':pw@');
  });

  describe.skipIf(!hasTestPostgres)('on a running server', () => {
    it('fails to open a database that does not exist', async () => {
      const database = await useTestPostgres();
      const url = new URL(database.url);
      url.pathname = '/newsmill_no_such_database';
      await database.drop();
      await expect(openPostgresStore({ url: url.href, schema: 'newsmill' })).rejects.toMatchObject({
        name: 'StoreUnusableError',
        fault: 'unopenable',
        message: expect.stringContaining('newsmill_no_such_database'),
      });
    });

    it('fails every call after close as a closed store', async () => {
      const database = await useTestPostgres();
      try {
        const store = await openPostgresStore({ url: database.url, schema: 'newsmill' });
        await store.close();
        await store.close();
        await expect(store.listSources()).rejects.toMatchObject({
          name: 'StoreUnusableError',
          fault: 'closed',
        });
      } finally {
        await database.drop();
      }
    });
  });
});

describe('postgres fault helpers', () => {
  it('tells faults of the whole store from failures of one statement', () => {
    const coded = (code: string): Error => Object.assign(new Error('x'), { code });
    expect(postgresFaultOf(coded('ECONNREFUSED'))).toBe('unopenable');
    expect(postgresFaultOf(coded('28P01'))).toBe('unopenable');
    expect(postgresFaultOf(coded('08006'))).toBe('unopenable');
    expect(postgresFaultOf(coded('53100'))).toBe('full');
    expect(postgresFaultOf(coded('25006'))).toBe('read-only');
    expect(postgresFaultOf(coded('XX001'))).toBe('damaged');
    expect(postgresFaultOf(new AggregateError([coded('ECONNREFUSED')], ''))).toBe('unopenable');
    expect(postgresFaultOf(new Error('Connection terminated unexpectedly'))).toBe('unopenable');
    // A constraint or a syntax error concerns one statement.
    expect(postgresFaultOf(coded('23505'))).toBeNull();
    expect(postgresFaultOf(coded('42601'))).toBeNull();
    expect(postgresFaultOf(new Error('anything'))).toBeNull();
  });
});
