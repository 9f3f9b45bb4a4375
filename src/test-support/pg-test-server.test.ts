import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './demo-site.js';

const run = promisify(execFile);
const script = path.join(repoRoot, 'scripts/pg-test-server.sh');
const hasBinaries =
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((major) => existsSync(`/usr/lib/postgresql/${major}/bin/initdb`));
const parent = mkdtempSync(path.join(tmpdir(), 'newsmill-pg-script-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

function pgTestServer(
  command: string,
  dir: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ stdout: string; stderr: string }> {
  const PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;
  return run('bash', [script, command, dir], { env: { ...process.env, PATH, ...env }, timeout: 120_000 });
}

describe('scripts/pg-test-server.sh', () => {
  it.skipIf(!hasBinaries)(
    'starts a server on 127.0.0.1 only, prints its URL alone, and stop removes it all',
    async () => {
      // A folder that does not exist yet: the script makes it, for the server's user when root.
      const dir = path.join(tmpdir(), `newsmill-pg-script-test-${randomBytes(4).toString('hex')}`);
      const { stdout } = await pgTestServer('start', dir);
      try {
        expect(stdout).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres\n$/);
        const client = new pg.Client({ connectionString: stdout.trim() });
        await client.connect();
        const settings = await client.query<{ name: string; setting: string }>(
          `SELECT name, setting FROM pg_settings
           WHERE name IN ('listen_addresses', 'max_connections', 'fsync', 'unix_socket_directories')
           ORDER BY name`,
        );
        await client.end();
        expect(Object.fromEntries(settings.rows.map((row) => [row.name, row.setting]))).toEqual({
          fsync: 'off',
          listen_addresses: '127.0.0.1',
          max_connections: '300',
          unix_socket_directories: dir,
        });
      } finally {
        await pgTestServer('stop', dir);
      }
      expect(existsSync(dir)).toBe(false);
      const refused = await new pg.Client({ connectionString: stdout.trim() }).connect().then(
        () => 'connected',
        (error: NodeJS.ErrnoException) => error.code,
      );
      expect(refused).toBe('ECONNREFUSED');
    },
    120_000,
  );

  it('stop leaves a folder it did not make alone', async () => {
    const dir = path.join(parent, 'not-a-cluster');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'precious'), 'keep me');
    const failure = await pgTestServer('stop', dir).catch((error: { stderr: string }) => error.stderr);
    expect(failure).toContain('was not made by pg-test-server.sh start; leaving it alone');
    expect(existsSync(path.join(dir, 'precious'))).toBe(true);
  });

  it('leaves no folder behind when it cannot start, so the global setup has nothing to clean', async () => {
    const dir = path.join(parent, 'no-binaries');
    const failure = await pgTestServer('start', dir, { NEWSMILL_PG_BIN: path.join(parent, 'nowhere') }).catch(
      (error: { stderr: string }) => error.stderr,
    );
    expect(failure).toContain(`NEWSMILL_PG_BIN=${path.join(parent, 'nowhere')} has no initdb`);
    expect(existsSync(dir)).toBe(false);
  });

  it('start refuses a folder that is not empty', async () => {
    const dir = path.join(parent, 'full');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'precious'), 'keep me');
    const failure = await pgTestServer('start', dir).catch((error: { stderr: string }) => error.stderr);
    expect(failure).toContain(`${dir} is not empty`);
  });
});
