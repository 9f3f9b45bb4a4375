/**
 * The measurement protocol every benchmark follows (issue #24). A ratio taken while other work
 * loads the machine can flatter either side (the image proxy read 73–141 % of nginx under load and
 * 23–35 % quiet), so:
 *
 * - the runner (`run.ts`) takes a lock, so two benchmarks never run at once, and starts only on a
 *   quiet machine: a 1-minute load average of at most 1.0 and a quiet disk (`probeFileWrites`),
 *   checked before each benchmark of a run and waited for up to `BENCH_WAIT_QUIET` seconds each time. `BENCH_UNDER_LOAD=1` runs anyway, and every table
 *   is then marked as measured under load;
 * - contenders run alternately, round after round with the order rotated, at least three rounds;
 * - results are the median with the spread (lowest–highest) of the rounds.
 */
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
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
  /** What writing a file took when the benchmarks started (`probeFileWrites`), in µs per file. */
  fileWriteUs: number;
  quiet: boolean;
  /** One line for the output: the load, the disk, the commit and Node's version. */
  label: string;
}

/** The slowest file write, in µs per file, a benchmark starts on (`probeFileWrites`). */
export const QUIET_FILE_WRITE_US = 150;

/**
 * How long writing a new file takes here, in µs per file: 500 files of 16 KB written into 20 new
 * folders (the shape of a site or a Hexo folder), removed when the process exits. The load average
 * misses a busy file system: for minutes after a mass delete (a bench's 60,000 posts, an old site folder) this VM's
 * ext4, mounted with online `discard`, creates files four to six times slower (80 µs quiet, 200–500
 * µs after deleting 60,000 files), in system time, while the load average stays below 1. Runs
 * started then took up to twice as long (bench/RESULTS.md, "fetch"). An fsync of each file showed
 * it far less (0.3 ms against 0.4–1.0 ms), so this probe writes without one.
 */
export function probeFileWrites(dir = tmpdir(), files = 500): number {
  const root = mkdtempSync(path.join(dir, 'newsmill-bench-disk-'));
  // Removed when the process exits, not now: deleting even these 500 files makes the ext4 of
  // this VM (no journal) step over their inodes, still "recently deleted", for minutes of file
  // creation, which is what the benchmark that follows times.
  probeFolders.add(root);
  const content = 'n'.repeat(16_000);
  const start = process.hrtime.bigint();
  for (let index = 0; index < files; index++) {
    const folder = path.join(root, String(index % 20));
    if (index < 20) mkdirSync(folder);
    writeFileSync(path.join(folder, String(index)), content);
  }
  return Number(process.hrtime.bigint() - start) / 1e3 / files;
}

const probeFolders = new Set<string>();
process.once('exit', () => removeProbeFolders());

/** Removes the folders `probeFileWrites` wrote, which it leaves until the benchmarks end. */
export function removeProbeFolders(): void {
  for (const folder of probeFolders) rmSync(folder, { recursive: true, force: true });
  probeFolders.clear();
}

let current: Conditions | null = null;

/** The conditions the runner found (set by `checkConditions`), for a benchmark's table title. */
export function conditionsNote(): string {
  if (!current) return '';
  const { load, fileWriteUs } = current;
  return current.quiet
    ? ''
    : ` — UNDER LOAD (1-minute load ${load.toFixed(2)}, file write ${fileWriteUs.toFixed(0)} µs)`;
}

/** What `checkConditions` reads of the machine; tests give their own. */
export interface MachineProbes {
  load(): number;
  fileWriteUs(): number;
}

const MACHINE: MachineProbes = { load: () => loadavg()[0] ?? 0, fileWriteUs: () => probeFileWrites() };

/**
 * Waits up to `waitSeconds` for the 1-minute load average to fall to `QUIET_LOAD` and a file
 * write to take at most `QUIET_FILE_WRITE_US`, then reports the conditions. Throws when the
 * machine is still busy, unless `allowLoad`.
 */
export async function checkConditions(options: {
  waitSeconds: number;
  allowLoad: boolean;
  repo: string;
  probes?: MachineProbes;
}): Promise<Conditions> {
  const probes = options.probes ?? MACHINE;
  const deadline = Date.now() + options.waitSeconds * 1000;
  const measure = (): { load: number; fileWriteUs: number; busy: string | null } => {
    const load = probes.load();
    const fileWriteUs = probes.fileWriteUs();
    const busy =
      load > QUIET_LOAD
        ? `the 1-minute load average is ${load.toFixed(2)}, above ${QUIET_LOAD}`
        : fileWriteUs > QUIET_FILE_WRITE_US
          ? `writing a file takes ${fileWriteUs.toFixed(0)} µs, above ${QUIET_FILE_WRITE_US} µs (the file system is busy, say after a mass delete)`
          : null;
    return { load, fileWriteUs, busy };
  };
  let found = measure();
  while (found.busy !== null && Date.now() < deadline) {
    process.stderr.write(`bench: waiting for a quiet machine (${found.busy})\n`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(15_000, deadline - Date.now())));
    found = measure();
  }
  const { load, fileWriteUs, busy } = found;
  if (busy !== null && !options.allowLoad)
    throw new Error(
      `${busy}: numbers taken now would ` +
        'say more about the machine than about newsmill. Wait (BENCH_WAIT_QUIET=<seconds> waits here), ' +
        'or set BENCH_UNDER_LOAD=1 to run anyway with every table marked as measured under load.',
    );
  const quiet = busy === null;
  const state = quiet ? 'quiet' : 'UNDER LOAD';
  const label = `conditions: ${state}, 1-minute load ${load.toFixed(2)} and file write ${fileWriteUs.toFixed(0)} µs at start; commit ${commitOf(options.repo)}; Node ${process.version}`;
  current = { load, fileWriteUs, quiet, label };
  return current;
}

/**
 * `checkConditions` as the environment asks (`BENCH_WAIT_QUIET`, `BENCH_UNDER_LOAD`): the runner's
 * check before each benchmark, and a benchmark's own before its rounds when its setup deleted many
 * files (which leaves the file system busy for minutes).
 */
export function checkConditionsFromEnv(repo: string): Promise<Conditions> {
  return checkConditions({
    waitSeconds: Number(process.env.BENCH_WAIT_QUIET ?? 0),
    allowLoad: process.env.BENCH_UNDER_LOAD === '1',
    repo,
  });
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
