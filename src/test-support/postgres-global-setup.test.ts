import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './demo-site.js';
import { stopLeftovers } from './postgres-global-setup.js';

const run = promisify(execFile);
const hasBinaries =
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((major) => existsSync(`/usr/lib/postgresql/${major}/bin/initdb`));

describe('the PostgreSQL global setup', () => {
  it.skipIf(!hasBinaries)(
    'stops the server a killed test run left behind, and only that one',
    async () => {
      // The folder the setup of a test run makes, from a run whose process is gone.
      const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
      const dir = path.join(tmpdir(), `newsmill-pg-${deadPid}-${randomBytes(4).toString('hex')}`);
      const ours = path.join(tmpdir(), `newsmill-pg-${process.pid}-${randomBytes(4).toString('hex')}`);
      const PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;
      const start = (folder: string) =>
        run('bash', [path.join(repoRoot, 'scripts/pg-test-server.sh'), 'start', folder], {
          env: { ...process.env, PATH },
        });
      const [left, live] = await Promise.all([start(dir), start(ours)]);
      try {
        await stopLeftovers();
        expect(existsSync(dir)).toBe(false);
        const refused = await new pg.Client({ connectionString: left.stdout.trim() }).connect().then(
          () => 'connected',
          (error: NodeJS.ErrnoException) => error.code,
        );
        expect(refused).toBe('ECONNREFUSED');
        // A run still alive (this one) keeps its server.
        const client = new pg.Client({ connectionString: live.stdout.trim() });
        await client.connect();
        await client.end();
      } finally {
        await run('bash', [path.join(repoRoot, 'scripts/pg-test-server.sh'), 'stop', dir]);
        await run('bash', [path.join(repoRoot, 'scripts/pg-test-server.sh'), 'stop', ours]);
      }
    },
    120_000,
  );
});
