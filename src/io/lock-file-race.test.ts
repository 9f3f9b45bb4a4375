import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import type * as fsPromises from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// The interleaving another process makes, played at the file system calls where it happened: the
// stale lock is taken over (removed) just before this process reads it, and a third process
// creates its lock while this one holds the `.takeover` file.
const race = vi.hoisted(() => ({ file: '', reads: 0, stats: 0, rival: '' }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fsPromises>();
  const { unlinkSync: unlink, writeFileSync: write } = await import('node:fs');
  return {
    ...actual,
    readFile: async (...args: Parameters<typeof actual.readFile>) => {
      if (args[0] === race.file && race.reads++ === 0) unlink(race.file);
      return actual.readFile(...args);
    },
    stat: async (...args: Parameters<typeof actual.stat>) => {
      const result = actual.stat(...args);
      if (args[0] === race.file && ++race.stats === 2) {
        await result.catch(() => undefined);
        write(race.file, race.rival, { flag: 'wx' });
      }
      return result;
    },
  };
});

const { tryLockFile } = await import('./lock-file.js');

const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-lock-race-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tryLockFile under a race', () => {
  it('never deletes a lock that appears after the stale one it meant to take over was gone', async () => {
    const file = (race.file = path.join(dir, 'store.lock'));
    const dead = { pid: 2 ** 22 + 17, host: hostname(), started: '2026-01-01T00:00:00.000Z', purpose: 'x' };
    writeFileSync(file, JSON.stringify(dead));
    // A live holder: this test's parent process, on this host.
    const rival = {
      pid: process.ppid,
      host: hostname(),
      started: new Date().toISOString(),
      purpose: 'rival',
    };
    race.rival = `${JSON.stringify({ ...rival, heartbeat: rival.started })}\n`;

    const lock = await tryLockFile(file, 'newsmill run');
    const rivalCreated = race.stats >= 2;
    if (rivalCreated) {
      // The rival took the lock: this process must be refused, and the rival's file left alone.
      expect('heldBy' in lock).toBe(true);
      expect(readFileSync(file, 'utf8')).toBe(race.rival);
    } else {
      // The lock was free when this process looked: it holds it, and no rival ever did.
      expect('release' in lock).toBe(true);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid });
    }
    if ('release' in lock) await lock.release();
    if (existsSync(file)) unlinkSync(file);
  });
});
