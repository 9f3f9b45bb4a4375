import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../core/errors.js';
import { repoRoot } from '../test-support/demo-site.js';
import { deadLoopbackPort } from '../test-support/loopback-server.js';
import { hasTestPostgres, useTestPostgres, type TestPostgres } from '../test-support/test-postgres.js';
import {
  advisoryLockKey,
  AdvisoryLockError,
  AdvisoryLockLostError,
  tryAdvisoryLock,
  type AdvisoryLockTarget,
  type HeldAdvisoryLock,
} from './pg-advisory-lock.js';

const tsx = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;
const lockModule = pathToFileURL(path.join(repoRoot, 'src/store/pg-advisory-lock.ts')).href;
const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-advisory-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// PostgreSQL keeps application_name to 63 bytes.
const nameOf = (purpose: string, pid = process.pid): string =>
  `${purpose} pid ${pid} on ${hostname()}`.slice(0, 63);

function held(lock: HeldAdvisoryLock | { heldBy: unknown }): HeldAdvisoryLock {
  if (!('release' in lock)) throw new Error(`expected to take the lock, found ${JSON.stringify(lock)}`);
  return lock;
}

/** Another process that takes the lock and keeps it until killed; resolves once it holds it. */
async function holdInChild(target: AdvisoryLockTarget): Promise<ChildProcess> {
  const script = path.join(dir, 'hold-lock.mts');
  writeFileSync(
    script,
    `import { tryAdvisoryLock } from ${JSON.stringify(lockModule)};
     const lock = await tryAdvisoryLock(JSON.parse(process.argv[2]), 'instance', { purpose: 'newsmill worker' });
     process.stdout.write('release' in lock ? 'held\\n' : 'refused\\n');
     setInterval(() => undefined, 60_000);`,
  );
  const child = spawn(process.execPath, ['--import', tsx, script, JSON.stringify(target)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // A child that dies first (a broken script) must fail the test at once, not time it out.
  const first = await Promise.race([
    once(child.stdout!, 'data').then(([line]) => String(line)),
    once(child, 'exit').then(([code]) => `exited with ${String(code)}`),
  ]);
  expect(first).toBe('held\n');
  return child;
}

describe.skipIf(!hasTestPostgres)('tryAdvisoryLock', () => {
  let db: TestPostgres;
  let target: AdvisoryLockTarget;
  beforeAll(async () => {
    db = await useTestPostgres();
    target = { url: db.url, schema: db.schema };
  });
  afterAll(() => db?.drop());

  it('refuses a second taker, naming the holder; another name or schema is another lock', async () => {
    const lock = held(await tryAdvisoryLock(target, 'instance', { purpose: 'newsmill watch' }));
    const refused = await tryAdvisoryLock(target, 'instance', { purpose: 'newsmill run' });
    expect(refused).toEqual({
      heldBy: {
        application: nameOf('newsmill watch'),
        backendPid: expect.any(Number),
        since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        clientAddress: new URL(db.url).hostname === '127.0.0.1' ? '127.0.0.1' : expect.anything(),
      },
    });
    await held(await tryAdvisoryLock(target, 'build', { purpose: 'newsmill build' })).release();
    await held(
      await tryAdvisoryLock({ ...target, schema: 'other_site' }, 'instance', { purpose: 'x' }),
    ).release();
    await lock.release();
    await lock.release();
    await held(await tryAdvisoryLock(target, 'instance', { purpose: 'newsmill run' })).release();
  });

  it('is released when its holder is killed with SIGKILL, without any takeover', async () => {
    const child = await holdInChild(target);
    try {
      const refused = await tryAdvisoryLock(target, 'instance', { purpose: 'newsmill run' });
      expect(refused).toMatchObject({ heldBy: { application: nameOf('newsmill worker', child.pid) } });
    } finally {
      child.kill('SIGKILL');
    }
    await once(child, 'exit');
    // The server ends the dead client's session when it sees the socket close: at once, on loopback.
    const deadline = Date.now() + 10_000;
    let lock = await tryAdvisoryLock(target, 'instance', { purpose: 'newsmill run' });
    while (!('release' in lock) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      lock = await tryAdvisoryLock(target, 'instance', { purpose: 'newsmill run' });
    }
    await held(lock).release();
  });

  it('lives on its own connection: pooled connections reused around it neither get it nor end it', async () => {
    const lock = held(await tryAdvisoryLock(target, 'instance', { purpose: 'newsmill run' }));
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    const { key } = advisoryLockKey(target.schema, 'instance');
    for (let use = 0; use < 3; use += 1) {
      const client = await pool.connect();
      // A session lock is reentrant: had it been taken on this connection, this would say true.
      const taken = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1::bigint) AS locked',
        [key],
      );
      expect(taken.rows).toEqual([{ locked: false }]);
      client.release();
    }
    await pool.end();
    expect(await tryAdvisoryLock(target, 'instance', { purpose: 'newsmill watch' })).toMatchObject({
      heldBy: { application: nameOf('newsmill run') },
    });
    await lock.release();
  });

  it('tells its holder when the connection ends under it, and the lock is free again', async () => {
    const lost: AdvisoryLockLostError[] = [];
    const lock = await tryAdvisoryLock(target, 'instance', {
      purpose: 'newsmill run',
      onLost: (e) => lost.push(e),
    });
    const refused = await tryAdvisoryLock(target, 'instance', { purpose: 'newsmill watch' });
    if (!('heldBy' in refused) || refused.heldBy === null) throw new Error('the lock was not held');
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query('SELECT pg_terminate_backend($1)', [refused.heldBy.backendPid]);
    await admin.end();
    const deadline = Date.now() + 10_000;
    while (lost.length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lost).toHaveLength(1);
    expect(lost[0]).toBeInstanceOf(AdvisoryLockLostError);
    expect(lost[0]?.message).toBe(
      `lost the lock "instance" of schema newsmill on ${db.url}: its connection ended`,
    );
    await held(await tryAdvisoryLock(target, 'instance', { purpose: 'newsmill watch' })).release();
    await held(lock).release();
    expect(lost).toHaveLength(1);
  });

  it('outlives a server-wide idle session timeout: the holder sits idle for hours', async () => {
    const database = new URL(db.url).pathname.slice(1);
    const admin = async (sql: string): Promise<void> => {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      await client.query(sql);
      await client.end();
    };
    await admin(`ALTER DATABASE ${database} SET idle_session_timeout = '300ms'`);
    try {
      const lost: AdvisoryLockLostError[] = [];
      const lock = await tryAdvisoryLock(target, 'instance', {
        purpose: 'newsmill watch',
        onLost: (e) => lost.push(e),
      });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(lost).toEqual([]);
      expect(await tryAdvisoryLock(target, 'instance', { purpose: 'newsmill run' })).toMatchObject({
        heldBy: { application: nameOf('newsmill watch') },
      });
      await held(lock).release();
    } finally {
      await admin(`ALTER DATABASE ${database} RESET idle_session_timeout`);
    }
  });
});

describe('tryAdvisoryLock without a server', () => {
  it('fails with an AdvisoryLockError naming the database, never its password', async () => {
    const url = `postgres://newsmill:s3cret@127.0.0.1:${await deadLoopbackPort()}/site`;
    const failure = await tryAdvisoryLock({ url, schema: 'newsmill' }, 'instance', {
      purpose: 'newsmill run',
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AdvisoryLockError);
    expect(failure).toBeInstanceOf(StoreError);
    expect(String(failure)).toContain(
      `cannot take the lock "instance" of schema newsmill on postgres://newsmill:***@127.0.0.1:`,
    );
    expect(String(failure)).toContain('ECONNREFUSED');
    expect(String(failure)).not.toContain('s3cret');
  });
});
