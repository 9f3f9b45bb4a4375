import { execFile, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './demo-site.js';
import { stopLeftovers, stopWhenGone } from './postgres-global-setup.js';

const run = promisify(execFile);
const hasBinaries =
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((major) => existsSync(`/usr/lib/postgresql/${major}/bin/initdb`));

const script = path.join(repoRoot, 'scripts/pg-test-server.sh');

function start(folder: string): Promise<{ stdout: string }> {
  const PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;
  return run('bash', [script, 'start', folder], { env: { ...process.env, PATH } });
}

function connectError(url: string): Promise<string | undefined> {
  return new pg.Client({ connectionString: url }).connect().then(
    () => 'connected',
    (error: NodeJS.ErrnoException) => error.code,
  );
}

describe('the PostgreSQL global setup', () => {
  it.skipIf(!hasBinaries)(
    'stops the server a killed test run left behind, and only that one',
    async () => {
      // The folder the setup of a test run makes, from a run whose process is gone.
      const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
      const dir = path.join(tmpdir(), `newsmill-pg-${deadPid}-${randomBytes(4).toString('hex')}`);
      const ours = path.join(tmpdir(), `newsmill-pg-${process.pid}-${randomBytes(4).toString('hex')}`);
      const [left, live] = await Promise.all([start(dir), start(ours)]);
      try {
        await stopLeftovers();
        expect(existsSync(dir)).toBe(false);
        expect(await connectError(left.stdout.trim())).toBe('ECONNREFUSED');
        // A run still alive (this one) keeps its server.
        const client = new pg.Client({ connectionString: live.stdout.trim() });
        await client.connect();
        await client.end();
      } finally {
        await run('bash', [script, 'stop', dir]);
        await run('bash', [script, 'stop', ours]);
      }
    },
    120_000,
  );

  it.skipIf(!hasBinaries)(
    'stops the server once the run that started it is killed, teardown or not',
    async () => {
      const owner = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60_000)'], { stdio: 'ignore' });
      const dir = path.join(tmpdir(), `newsmill-pg-${owner.pid}-${randomBytes(4).toString('hex')}`);
      try {
        const { stdout } = await start(dir);
        stopWhenGone(owner.pid!, dir);
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        expect(existsSync(dir)).toBe(true);
        owner.kill('SIGKILL');
        const deadline = Date.now() + 30_000;
        while (existsSync(dir) && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 200));
        expect(existsSync(dir)).toBe(false);
        expect(await connectError(stdout.trim())).toBe('ECONNREFUSED');
      } finally {
        owner.kill('SIGKILL');
        await run('bash', [script, 'stop', dir]);
      }
    },
    120_000,
  );
});
