import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { onCi } from './test-postgres.js';

/*
 * Vitest global setup: without NEWSMILL_TEST_PG, start a throwaway PostgreSQL for the whole run
 * (scripts/pg-test-server.sh, Debian's binaries) and hand its URL to the workers through
 * NEWSMILL_TEST_PG, which vitest copies into every worker it starts after this. Without a server,
 * PostgreSQL tests are skipped, saying so once, so that `npm test` works on a machine without
 * PostgreSQL; on CI that fails the run instead.
 */

const run = promisify(execFile);
const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/pg-test-server.sh');
// The folders this setup makes: `newsmill-pg-<pid of the test run>-<random>`.
const FOLDER = /^newsmill-pg-(\d+)-[0-9a-f]+$/;

/** Starts the server when none is configured, and returns the teardown that stops it. */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.NEWSMILL_TEST_PG) return undefined;
  await stopLeftovers();
  const dir = path.join(tmpdir(), `newsmill-pg-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const { stdout } = await runScript('start', dir);
    process.env.NEWSMILL_TEST_PG = stdout.trim();
  } catch (error) {
    await runScript('stop', dir).catch(() => undefined);
    const reason = (error as { stderr?: string }).stderr?.trim() || String(error);
    if (onCi) {
      throw new Error(
        `PostgreSQL tests cannot run: ${reason}\n` +
          'On CI they must not be skipped: set NEWSMILL_TEST_PG=postgres://… or install the postgresql package.',
      );
    }
    console.warn(
      `PostgreSQL tests are skipped: ${reason}\n` +
        'Install the postgresql package (Debian), or set NEWSMILL_TEST_PG=postgres://… to use a server you have.',
    );
    return undefined;
  }
  return async () => {
    delete process.env.NEWSMILL_TEST_PG;
    await runScript('stop', dir);
  };
}

function runScript(command: 'start' | 'stop', dir: string): Promise<{ stdout: string; stderr: string }> {
  // The script asks `node` for a free port: this one, whatever PATH says.
  const PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;
  return run('bash', [script, command, dir], { env: { ...process.env, PATH }, timeout: 180_000 });
}

/**
 * Stops the servers of earlier runs that were killed before their teardown (Ctrl-C twice,
 * SIGKILL), which would otherwise keep running until the machine restarts.
 */
export async function stopLeftovers(): Promise<void> {
  for (const name of readdirSync(tmpdir())) {
    const pid = FOLDER.exec(name)?.[1];
    if (pid === undefined || isAlive(Number(pid))) continue;
    await runScript('stop', path.join(tmpdir(), name)).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
