import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../test-support/demo-site.js';
import { tryLockFile } from './lock-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-lock-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

function staleLock(file: string): void {
  const owner = { pid: deadPid(), host: hostname(), started: '2026-01-01T00:00:00.000Z', purpose: 'x' };
  writeFileSync(file, JSON.stringify(owner));
}

/**
 * Writes a lock held by a process on another machine that last beat `contentAgeMs` ago by its own
 * clock (negative: a clock ahead of ours), with the file last modified `mtimeAgeMs` ago.
 */
function remoteLock(file: string, contentAgeMs: number, mtimeAgeMs: number): string {
  const beat = new Date(Date.now() - contentAgeMs).toISOString();
  const owner = { pid: 4242, host: 'runner-a', started: beat, purpose: 'newsmill run', heartbeat: beat };
  writeFileSync(file, `${JSON.stringify(owner)}\n`);
  const modified = new Date(Date.now() - mtimeAgeMs);
  utimesSync(file, modified, modified);
  return beat;
}

const MINUTE = 60_000;

describe('tryLockFile', () => {
  it('holds the lock, names its holder to others, and releases only its own lock', async () => {
    const file = path.join(dir, 'a.lock');
    const lock = await tryLockFile(file, 'newsmill run');
    expect('release' in lock).toBe(true);
    const refused = await tryLockFile(file, 'newsmill watch');
    expect(refused).toEqual({
      heldBy: expect.objectContaining({ pid: process.pid, purpose: 'newsmill run' }),
    });
    if ('release' in lock) await lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('takes over a lock whose process is gone', async () => {
    const file = path.join(dir, 'b.lock');
    staleLock(file);
    const lock = await tryLockFile(file, 'newsmill run');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid });
    if ('release' in lock) await lock.release();
  });

  it('takes over a lock from another host once its holder stopped beating, and says whose it was', async () => {
    const file = path.join(dir, 'remote.lock');
    const beat = remoteLock(file, 10 * MINUTE, 10 * MINUTE);
    const lock = await tryLockFile(file, 'newsmill run');
    expect('release' in lock && lock.tookOver).toEqual({
      owner: expect.objectContaining({ pid: 4242, host: 'runner-a', purpose: 'newsmill run' }),
      lastAlive: beat,
    });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    if ('release' in lock) await lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('keeps a lock from another host while its holder beats, and only by its heartbeat', async () => {
    const file = path.join(dir, 'remote-live.lock');
    // A holder beating now, and one that stopped a minute ago: within the two minutes four missed
    // beats take. A file modified long ago says nothing: the heartbeat is written into it.
    for (const [contentAge, mtimeAge] of [
      [0, 0],
      [MINUTE, 10 * MINUTE],
    ]) {
      remoteLock(file, contentAge!, mtimeAge!);
      expect(await tryLockFile(file, 'newsmill run')).toEqual({
        heldBy: expect.objectContaining({ pid: 4242, host: 'runner-a' }),
      });
    }
    // A lock copied from a dead run now (git checkout, cp): a fresh mtime is no sign of life, or
    // every run after such a restore would be blocked.
    remoteLock(file, 10 * MINUTE, 0);
    const copied = await tryLockFile(file, 'newsmill run');
    expect('release' in copied).toBe(true);
    if ('release' in copied) await copied.release();
    // A holder whose clock ran an hour ahead: a heartbeat from the future is no sign of life
    // either, or it would keep a dead holder's lock for that hour.
    remoteLock(file, -60 * MINUTE, 10 * MINUTE);
    const ahead = await tryLockFile(file, 'newsmill run');
    expect('release' in ahead).toBe(true);
    if ('release' in ahead) await ahead.release();
    expect(readdirSync(dir).filter((name) => name.startsWith('remote-live.lock'))).toEqual([]);
  });

  it('refreshes its heartbeat while held, so that other hosts see it alive', async () => {
    const file = path.join(dir, 'beat.lock');
    const lock = await tryLockFile(file, 'newsmill watch', { heartbeatMs: 40, staleMs: 200 });
    const first = JSON.parse(readFileSync(file, 'utf8')) as { heartbeat: string };
    const firstModified = statSync(file).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const later = JSON.parse(readFileSync(file, 'utf8')) as { heartbeat: string; pid: number };
    expect(later.pid).toBe(process.pid);
    expect(Date.parse(later.heartbeat)).toBeGreaterThan(Date.parse(first.heartbeat));
    expect(Date.now() - Date.parse(later.heartbeat)).toBeLessThan(200);
    expect(statSync(file).mtimeMs).toBeGreaterThan(firstModified);
    if ('release' in lock) await lock.release();
    // Released: no beat brings the file back.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(existsSync(file)).toBe(false);
  });

  it('takes over a lock bearing its own pid that it never took (an earlier process had that pid)', async () => {
    const file = path.join(dir, 'own-pid.lock');
    const owner = { pid: process.pid, host: hostname(), started: '2026-01-01T00:00:00.000Z', purpose: 'x' };
    writeFileSync(file, JSON.stringify(owner));
    const lock = await tryLockFile(file, 'newsmill run');
    expect('release' in lock && lock.tookOver?.owner).toMatchObject({ started: owner.started });
    if ('release' in lock) await lock.release();
  });

  it('lets exactly one of several processes take over the same stale lock', async () => {
    // Each racer loads the library and says it is ready; all start at one instant, say whether they
    // got the lock, and hold it until every racer has answered (a racer started late on a loaded
    // machine must not find the lock already released).
    const library = pathToFileURL(path.join(repoRoot, 'dist/io/lock-file.js')).href;
    const script = `
      import { createInterface } from 'node:readline';
      const { tryLockFile } = await import(${JSON.stringify(library)});
      const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
      process.stdout.write('ready\\n');
      const [file, at] = JSON.parse((await lines.next()).value);
      await new Promise((r) => setTimeout(r, at - Date.now()));
      const lock = await tryLockFile(file, 'racer');
      process.stdout.write('release' in lock ? 'got\\n' : 'refused\\n');
      await lines.next();
      if ('release' in lock) await lock.release();`;
    const startRacer = (): {
      line(n: number): Promise<string>;
      send(text: string): void;
      end(): void;
      exited: Promise<void>;
    } => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script]);
      let out = '';
      let errors = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      let running = true;
      void exited.then(() => (running = false));
      const line = async (n: number): Promise<string> => {
        while (out.split('\n').length <= n + 1) {
          if (!running) return `exited: ${errors}`;
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        return out.split('\n')[n]!;
      };
      return {
        line,
        send: (text) => child.stdin.write(`${text}\n`),
        end: () => child.stdin.end(),
        exited,
      };
    };
    for (let round = 0; round < 6; round++) {
      const file = path.join(dir, `race-${round}.lock`);
      // A dead pid on this host, or another host's holder silent for 10 minutes.
      if (round % 2 === 0) staleLock(file);
      else remoteLock(file, 10 * MINUTE, 10 * MINUTE);
      const racers = [1, 2, 3, 4].map(startRacer);
      await Promise.all(racers.map((racer) => racer.line(0)));
      const at = Date.now() + 50;
      for (const racer of racers) racer.send(JSON.stringify([file, at]));
      const results = await Promise.all(racers.map((racer) => racer.line(1)));
      for (const racer of racers) racer.end();
      await Promise.all(racers.map((racer) => racer.exited));
      expect(results.sort()).toEqual(['got', 'refused', 'refused', 'refused']);
      expect(existsSync(file)).toBe(false);
    }
  }, 30_000);
});
