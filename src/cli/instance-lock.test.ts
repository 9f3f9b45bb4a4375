import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { NewsmillError } from '../core/errors.js';
import type { StoreTarget } from '../core/store-target.js';
import { repoRoot } from '../test-support/demo-site.js';
import { hasTestPostgres, useTestPostgres, type TestPostgres } from '../test-support/test-postgres.js';
import { acquireInstanceLock, StoreLockedError, StoreLockFileError } from './instance-lock.js';

const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-instance-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const sqlite = (file: string): StoreTarget => ({ kind: 'sqlite', path: file });

/** A store lock written by `newsmill run` on another machine, last beating `ageMs` ago. */
function remoteLock(store: string, ageMs: number): string {
  const beat = new Date(Date.now() - ageMs).toISOString();
  const owner = { pid: 4242, host: 'runner-a', started: beat, purpose: 'newsmill run', heartbeat: beat };
  writeFileSync(`${store}.lock`, `${JSON.stringify(owner)}\n`);
  return beat;
}

describe('acquireInstanceLock', () => {
  it('refuses a store another process holds, naming it in a StoreLockedError', async () => {
    const store = path.join(dir, 'held/newsmill.db');
    const lock = await acquireInstanceLock(sqlite(store), 'newsmill watch');
    const refusal = acquireInstanceLock(sqlite(store), 'newsmill run');
    await expect(refusal).rejects.toThrow(StoreLockedError);
    await expect(refusal).rejects.toThrow(`another newsmill watch (pid ${process.pid}) is using ${store}`);
    await lock.release();
    const beat = remoteLock(store, 5_000);
    const remote = await acquireInstanceLock(sqlite(store), 'newsmill run').catch((error: unknown) => error);
    expect(remote).toBeInstanceOf(StoreLockedError);
    expect((remote as StoreLockedError).holder).toMatchObject({ pid: 4242, host: 'runner-a' });
    expect(String(remote)).toContain(`another newsmill run (pid 4242 on runner-a, last alive ${beat})`);
  });

  it('takes over a lock whose holder stopped beating, with one line on stderr naming it', async () => {
    const store = path.join(dir, 'stale/newsmill.db');
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0);
    await acquireInstanceLock(sqlite(store), 'newsmill run').then((lock) => lock.release());
    expect(written).toEqual([]);
    const beat = remoteLock(store, 10 * 60_000);
    const lock = await acquireInstanceLock(sqlite(store), 'newsmill checkpoint');
    expect(written).toEqual([
      `took over a lock left by newsmill run (pid 4242 on host runner-a, last alive ${beat})\n`,
    ]);
    await lock.release();
  });

  it('fails with a StoreLockFileError when the lock file cannot be made', async () => {
    const file = path.join(dir, 'a-file');
    writeFileSync(file, '');
    const failure = await acquireInstanceLock(sqlite(path.join(file, 'newsmill.db')), 'newsmill run').catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StoreLockFileError);
    expect(failure).toBeInstanceOf(NewsmillError);
    expect(String(failure)).toContain(`cannot take the lock ${path.join(file, 'newsmill.db')}.lock`);
  });
});

describe.skipIf(!hasTestPostgres)('acquireInstanceLock on a PostgreSQL store', () => {
  let db: TestPostgres;
  beforeAll(async () => {
    db = await useTestPostgres();
  });
  afterAll(() => db?.drop());

  it('takes an advisory lock per schema, refusing a second taker by its holder, never a password', async () => {
    const withPassword = new URL(db.url);
    // The test server trusts loopback, so the password is never checked: only printed, or not.
    withPassword.password = 's3cret';
    const target: StoreTarget = { kind: 'postgres', url: withPassword.href, schema: 'site_a' };
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0);
    const lock = await acquireInstanceLock(target, 'newsmill watch');
    const refusal = await acquireInstanceLock(target, 'newsmill run').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(StoreLockedError);
    const holder = `newsmill watch pid ${process.pid} on ${hostname()}`.slice(0, 63);
    expect((refusal as StoreLockedError).holder).toMatchObject({ application: holder });
    const masked = withPassword.href.replace(':s3cret@', ':***@');
    expect(String(refusal)).toMatch(
      new RegExp(
        `^StoreLockedError: another ${escape(holder)} \\(database session \\d+( from \\S+)? since [^)]+\\) is using ${escape(masked)} \\(schema site_a\\); stop it first$`,
      ),
    );
    expect(String(refusal)).not.toContain('s3cret');
    // Another site in the same database has its own lock.
    await (await acquireInstanceLock({ ...target, schema: 'site_b' }, 'newsmill run')).release();
    await lock.release();
    await (await acquireInstanceLock(target, 'newsmill run')).release();
    expect(written).toEqual([]);
  });

  it('makes `newsmill run` on a held PostgreSQL store refuse, naming the holder, with no lock file', async () => {
    const project = mkdtempSync(path.join(dir, 'pg-project-'));
    const url = new URL(db.url);
    url.password = 's3cret';
    writeFileSync(
      path.join(project, 'newsmill.yaml'),
      `store: { url: "${url.href}", schema: site_a }\nsources: []\n`,
    );
    const lock = await acquireInstanceLock(
      { kind: 'postgres', url: db.url, schema: 'site_a' },
      'newsmill watch',
    );
    try {
      const run = await runCli(['run', '--config', 'newsmill.yaml'], project);
      expect(run.status).toBe(1);
      const holder = `newsmill watch pid ${process.pid} on ${hostname()}`.slice(0, 63);
      expect(run.stderr).toContain(`newsmill: another ${holder} (database session `);
      expect(run.stderr).toContain(
        `is using ${url.href.replace(':s3cret@', ':***@')} (schema site_a); stop it first`,
      );
      expect(run.stderr).not.toContain('s3cret');
      expect(readdirSync(project)).toEqual(['newsmill.yaml']);
    } finally {
      await lock.release();
    }
  });
});

/** Runs the CLI from its sources in `cwd`. */
async function runCli(args: string[], cwd: string): Promise<{ status: number | null; stderr: string }> {
  const main = path.join(repoRoot, 'src/cli/main.ts');
  const tsx = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;
  const child = spawn(process.execPath, ['--import', tsx, main, ...args], {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [status] = (await once(child, 'exit')) as [number | null];
  return { status, stderr };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
