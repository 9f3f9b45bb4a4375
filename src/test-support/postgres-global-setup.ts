import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { onCi } from './test-postgres.js';
import { isRunning } from '../io/lock-liveness.js';

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
  let watchdog: ChildProcess;
  try {
    const { stdout } = await runScript('start', dir);
    process.env.NEWSMILL_TEST_PG = stdout.trim();
    watchdog = stopWhenGone(process.pid, dir);
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
    watchdog.kill();
    await runScript('stop', dir);
  };
}

// Polls its owner's pid, then stops the server once the owner is gone.
const WATCHDOG = `
const [owner, script, dir] = process.argv.slice(1);
const alive = () => { try { process.kill(Number(owner), 0); return true; } catch (error) { return error.code === 'EPERM'; } };
const timer = setInterval(() => {
  if (alive()) return;
  clearInterval(timer);
  require('node:child_process').execFile('bash', [script, 'stop', dir], () => process.exit(0));
}, 500);
`;

/**
 * Starts a detached process that stops the server in `dir` once process `ownerPid` is gone: vitest
 * exits on Ctrl-C without running global teardowns, and a killed run runs nothing at all.
 */
export function stopWhenGone(ownerPid: number, dir: string): ChildProcess {
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(ownerPid), script, dir], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, PATH: pathWithThisNode() },
  });
  watchdog.unref();
  return watchdog;
}

function pathWithThisNode(): string {
  return `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;
}

function runScript(command: 'start' | 'stop', dir: string): Promise<{ stdout: string; stderr: string }> {
  // The script asks `node` for a free port: this one, whatever PATH says.
  return run('bash', [script, command, dir], {
    env: { ...process.env, PATH: pathWithThisNode() },
    timeout: 180_000,
  });
}

/**
 * Stops the servers of earlier runs that ended without their teardown and whose watchdog did not
 * stop them either (killed with it, a machine that went down), so no server outlives its run for long.
 */
export async function stopLeftovers(): Promise<void> {
  for (const name of readdirSync(tmpdir())) {
    const pid = FOLDER.exec(name)?.[1];
    if (pid === undefined || isRunning(Number(pid))) continue;
    await runScript('stop', path.join(tmpdir(), name)).catch(() => undefined);
  }
}
