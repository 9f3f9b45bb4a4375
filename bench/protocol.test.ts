import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolder } from '../src/test-support/temp-folder.js';
import {
  acquireBenchLock,
  alternate,
  checkConditions,
  conditionsNote,
  MIN_ROUNDS,
  probeFileWrites,
  removeProbeFolders,
  QUIET_FILE_WRITE_US,
  ratiosOf,
  roundsFor,
  spreadOf,
} from './protocol.js';

describe('measurement protocol', () => {
  it('reports the median (lower middle) with the lowest and highest round', () => {
    expect(spreadOf([0.61, 0.55, 0.57])).toEqual({ median: 0.57, min: 0.55, max: 0.61 });
    expect(spreadOf([4, 1, 3, 2])).toEqual({ median: 2, min: 1, max: 4 });
    expect(ratiosOf([2, 9, 4], [1, 3, 4])).toEqual({ median: 2, min: 1, max: 3 });
  });

  it('runs the contenders alternately, rotating who goes first, each round after its setup', async () => {
    const order: string[] = [];
    const results = await alternate(
      ['a', 'b', 'c'].map((name) => ({
        name,
        run: (round: number) => (order.push(`${name}${round}`), round),
      })),
      3,
      { beforeRound: (round) => void order.push(`setup${round}`) },
    );
    expect(order).toEqual([
      ...['setup0', 'a0', 'b0', 'c0'],
      ...['setup1', 'b1', 'c1', 'a1'],
      ...['setup2', 'c2', 'a2', 'b2'],
    ]);
    expect(results).toEqual([
      [0, 1, 2],
      [0, 1, 2],
      [0, 1, 2],
    ]);
  });

  it('never runs fewer than three rounds', () => {
    const saved = process.env.BENCH_ROUNDS;
    try {
      process.env.BENCH_ROUNDS = '1';
      expect(roundsFor(7)).toBe(MIN_ROUNDS);
      process.env.BENCH_ROUNDS = '5';
      expect(roundsFor(7)).toBe(5);
      delete process.env.BENCH_ROUNDS;
      expect(roundsFor(7)).toBe(7);
    } finally {
      if (saved === undefined) delete process.env.BENCH_ROUNDS;
      else process.env.BENCH_ROUNDS = saved;
    }
  });

  it('refuses a second benchmark while one runs, and takes over the lock of one that died', () => {
    const file = path.join(tempFolder('newsmill-bench-lock-'), 'bench.lock');
    const release = acquireBenchLock(file);
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
    expect(() => acquireBenchLock(file)).toThrow(`another benchmark is running (process ${process.pid}`);
    release();
    expect(existsSync(file)).toBe(false);
    // A process id no live process has (above the kernel's pid_max).
    writeFileSync(file, '4194305');
    const again = acquireBenchLock(file);
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
    again();
  });

  it('times file writes in a folder of its own, deleted only once the benchmarks are over', () => {
    const dir = tempFolder('newsmill-bench-disk-test-');
    const perFile = probeFileWrites(dir, 40);
    expect(perFile).toBeGreaterThan(0);
    expect(Number.isFinite(perFile)).toBe(true);
    // Nothing is deleted before the benchmark that follows creates its files.
    const [probe] = readdirSync(dir);
    expect(readdirSync(path.join(dir, probe ?? ''))).toHaveLength(20);
    removeProbeFolders();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('does not start on a busy disk, however low the load, unless told to run under load', async () => {
    const busyDisk = { load: () => 0.2, fileWriteUs: () => 400 };
    const repo = process.cwd();
    await expect(
      checkConditions({ waitSeconds: 0, allowLoad: false, repo, probes: busyDisk }),
    ).rejects.toThrow(
      `writing a file takes 400 µs, above ${QUIET_FILE_WRITE_US} µs (the file system is busy`,
    );
    const marked = await checkConditions({ waitSeconds: 0, allowLoad: true, repo, probes: busyDisk });
    expect(marked).toMatchObject({ quiet: false, fileWriteUs: 400 });
    expect(marked.label).toMatch(
      /^conditions: UNDER LOAD, 1-minute load 0\.20 and file write 400 µs at start/,
    );
    expect(conditionsNote()).toBe(' — UNDER LOAD (1-minute load 0.20, file write 400 µs)');
    const quiet = await checkConditions({
      waitSeconds: 0,
      allowLoad: false,
      repo,
      probes: { load: () => 0.2, fileWriteUs: () => 80 },
    });
    expect(quiet.quiet).toBe(true);
    expect(conditionsNote()).toBe('');
  });

  it('does not start on a loaded machine, however quiet the disk, and measures again while it waits', async () => {
    const repo = process.cwd();
    const loaded = { load: () => 1.5, fileWriteUs: () => 80 };
    await expect(checkConditions({ waitSeconds: 0, allowLoad: false, repo, probes: loaded })).rejects.toThrow(
      'the 1-minute load average is 1.50, above 1',
    );
    // Busy at the first look, quiet at the second: the wait ends as soon as it is quiet.
    const writes = [400, 80];
    const settling = { load: () => 0.3, fileWriteUs: () => writes.shift() ?? 80 };
    const found = await checkConditions({ waitSeconds: 1, allowLoad: false, repo, probes: settling });
    expect(found).toMatchObject({ quiet: true, fileWriteUs: 80 });
    expect(writes).toEqual([]);
  });
});
