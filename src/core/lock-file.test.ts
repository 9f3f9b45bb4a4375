import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  it('lets exactly one of several processes take over the same stale lock', async () => {
    // Each racer starts at the same instant, holds what it got for a moment, and says whether it had it.
    const library = pathToFileURL(path.join(repoRoot, 'dist/core/lock-file.js')).href;
    const racer = (file: string, at: number): Promise<string> =>
      new Promise((resolve) => {
        const script = `
          const { tryLockFile } = await import(${JSON.stringify(library)});
          await new Promise((r) => setTimeout(r, ${at} - Date.now()));
          const lock = await tryLockFile(${JSON.stringify(file)}, 'racer');
          process.stdout.write('release' in lock ? 'got' : 'refused');
          await new Promise((r) => setTimeout(r, 300));
          if ('release' in lock) await lock.release();`;
        const child = spawn(process.execPath, ['--input-type=module', '-e', script]);
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('exit', () => resolve(out));
      });
    for (let round = 0; round < 5; round++) {
      const file = path.join(dir, `race-${round}.lock`);
      staleLock(file);
      const at = Date.now() + 400;
      const results = await Promise.all([1, 2, 3, 4].map(() => racer(file, at)));
      expect(results.filter((result) => result === 'got')).toHaveLength(1);
      expect(results.filter((result) => result === 'refused')).toHaveLength(3);
    }
  }, 30_000);
});
