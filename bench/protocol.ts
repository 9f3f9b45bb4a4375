/**
 * The measurement protocol every benchmark follows (issue #24). A ratio taken while other work
 * loads the machine can flatter either side (the image proxy read 73–141 % of nginx under load and
 * 23–35 % quiet), so:
 *
 * - the runner (`run.ts`) takes a lock, so two benchmarks never run at once, and starts only on a
 *   quiet machine: a 1-minute load average of at most 1.0, waited for up to `BENCH_WAIT_QUIET`
 *   seconds. `BENCH_UNDER_LOAD=1` runs anyway, and every table is then marked as measured under load;
 * - contenders run alternately, round after round with the order rotated, at least three rounds;
 * - results are the median with the spread (lowest–highest) of the rounds.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { isRunning } from '../src/io/lock-liveness.js';

/** The highest 1-minute load average a benchmark starts on. */
export const QUIET_LOAD = 1.0;
/** The fewest rounds a benchmark reports. */
export const MIN_ROUNDS = 3;

/** How many rounds to run: `BENCH_ROUNDS` (or `fallback`), never fewer than `MIN_ROUNDS`. */
export function roundsFor(fallback: number): number {
  const asked = Number(process.env.BENCH_ROUNDS ?? fallback);
  return Math.max(MIN_ROUNDS, Number.isFinite(asked) ? Math.floor(asked) : fallback);
}

/** The median of some rounds, and their lowest and highest. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** Median (the lower middle of an even count), lowest and highest of `values`. */
export function spreadOf(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN,
    min: sorted[0] ?? NaN,
    max: sorted.at(-1) ?? NaN,
  };
}

/** `0.57 s (0.55–0.61)`: the median, then the spread, each with `digits` decimals. */
export function formatSpread(spread: Spread, digits: number, unit = ''): string {
  const suffix = unit ? ` ${unit}` : '';
  return `${spread.median.toFixed(digits)}${suffix} (${spread.min.toFixed(digits)}–${spread.max.toFixed(digits)})`;
}

/**
 * Each round's value divided by the base's value of the same round: a slow round slows both sides,
 * so per-round ratios hold steadier than a ratio of medians.
 */
export function ratiosOf(values: readonly number[], base: readonly number[]): Spread {
  return spreadOf(values.map((value, round) => value / (base[round] ?? NaN)));
}

/** One side of a comparison: a name and one timed run (its result is what a round records). */
export interface Contender<T> {
  name: string;
  run(round: number): T | Promise<T>;
}

/** What `alternate` calls around the runs. */
export interface AlternateHooks<T> {
  /** Before each round: what every contender of the round must find (one new item, say). */
  beforeRound?: (round: number) => void | Promise<void>;
  /** After each run, for progress output. */
  onRun?: (name: string, round: number, result: T) => void;
}

/**
 * Runs every contender once per round for `rounds` rounds, rotating who goes first, so that no
 * contender always runs on a warmer, cooler or busier machine. Returns each contender's results in
 * round order, in the order the contenders were given.
 */
export async function alternate<T>(
  contenders: ReadonlyArray<Contender<T>>,
  rounds: number,
  hooks: AlternateHooks<T> = {},
): Promise<T[][]> {
  const results: T[][] = contenders.map(() => []);
  for (let round = 0; round < rounds; round++) {
    await hooks.beforeRound?.(round);
    for (let turn = 0; turn < contenders.length; turn++) {
      const index = (round + turn) % contenders.length;
      const contender = contenders[index] as Contender<T>;
      const result = await contender.run(round);
      results[index]?.push(result);
      hooks.onRun?.(contender.name, round, result);
    }
  }
  return results;
}

/** Milliseconds `work` takes (awaited when it returns a promise). */
export async function timeMs(work: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Prints in-process timings: per contender the median time with its spread, and the median of the
 * per-round ratios to the first contender (newsmill) with theirs; `extra` adds a column (throughput).
 */
export function reportTimes(
  title: string,
  names: readonly string[],
  times: readonly number[][],
  extra: (medianMs: number) => string = () => '',
): void {
  const base = times[0] ?? [];
  console.log(`\n${title}${conditionsNote()} (${base.length} alternating rounds; median (lowest–highest))`);
  names.forEach((name, index) => {
    const own = times[index] ?? [];
    const spread = spreadOf(own);
    console.log(
      `  ${name.padEnd(31)} ${formatSpread(spread, 1, 'ms').padStart(26)}  ${extra(spread.median)}${formatSpread(ratiosOf(own, base), 2)}× newsmill`,
    );
  });
}

/** Whether the machine was quiet when the benchmarks started, for every table to say. */
export interface Conditions {
  load: number;
  quiet: boolean;
  /** One line for the output: the load, the commit and Node's version. */
  label: string;
}

let current: Conditions | null = null;

/** The conditions the runner found (set by `checkConditions`), for a benchmark's table title. */
export function conditionsNote(): string {
  if (!current) return '';
  return current.quiet ? '' : ` — UNDER LOAD (1-minute load ${current.load.toFixed(2)})`;
}

/**
 * Waits up to `waitSeconds` for the 1-minute load average to fall to `QUIET_LOAD`, then reports
 * the conditions. Throws when the machine is still busy, unless `allowLoad`.
 */
export async function checkConditions(options: {
  waitSeconds: number;
  allowLoad: boolean;
  repo: string;
}): Promise<Conditions> {
  const deadline = Date.now() + options.waitSeconds * 1000;
  let load = loadavg()[0] ?? 0;
  while (load > QUIET_LOAD && Date.now() < deadline) {
    process.stderr.write(`bench: waiting for a quiet machine (1-minute load ${load.toFixed(2)})\n`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(15_000, deadline - Date.now())));
    load = loadavg()[0] ?? 0;
  }
  const quiet = load <= QUIET_LOAD;
  if (!quiet && !options.allowLoad)
    throw new Error(
      `the 1-minute load average is ${load.toFixed(2)}, above ${QUIET_LOAD}: numbers taken now would ` +
        'say more about the machine than about newsmill. Wait (BENCH_WAIT_QUIET=<seconds> waits here), ' +
        'or set BENCH_UNDER_LOAD=1 to run anyway with every table marked as measured under load.',
    );
  const state = quiet ? 'quiet' : 'UNDER LOAD';
  const label = `conditions: ${state}, 1-minute load ${load.toFixed(2)} at start; commit ${commitOf(options.repo)}; Node ${process.version}`;
  current = { load, quiet, label };
  return current;
}

function commitOf(repo: string): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: repo,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: repo,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${commit} with uncommitted changes` : commit;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** The lock file that keeps two benchmark runs apart. */
export const LOCK_FILE = path.join(tmpdir(), 'newsmill-bench.lock');

/**
 * Takes the benchmark lock: fails when a live process holds it (another benchmark is running), takes
 * over a lock whose process is gone. Returns the function that releases it.
 */
export function acquireBenchLock(file = LOCK_FILE): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        if (readPid(file) === process.pid) unlinkSync(file);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readPid(file);
      if (holder !== null && isRunning(holder))
        throw new Error(`another benchmark is running (process ${holder}, lock ${file})`);
      unlinkSync(file);
    }
  }
  throw new Error(`cannot take the benchmark lock ${file}`);
}

function readPid(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
