import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles, repoRoot } from '../test-support/demo-site.js';
import { generateRss, startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server.js';

// A run cancelled mid-write on one CI runner, its store saved to a cache and restored on the next:
// what the cache holds decides what the next run finds.
const bin = path.join(repoRoot, 'bin/newsmill.js');
const BIG_FEEDS = 4;
const BIG_ITEMS = 300;
const SLOW_ITEMS = 20;
const TOTAL = BIG_FEEDS * BIG_ITEMS + SLOW_ITEMS;
let root = '';
let server: LoopbackServer;
let releaseSlow = false;

interface Finished {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

function start(cwd: string, args: string[]): { exited: Promise<Finished>; kill(): void } {
  const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    exited: new Promise((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
    ),
    kill: () => child.kill('SIGKILL'),
  };
}

/** A project folder with the config and nothing else, as a fresh CI checkout. */
function project(name: string): string {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, '.newsmill'), { recursive: true });
  const sources = [...Array.from({ length: BIG_FEEDS }, (_, i) => `big${i}`), 'slow'].map(
    (feed) => `  - { url: "${server.url}/${feed}.xml", categories: [test, ${feed}, all] }`,
  );
  writeFileSync(
    path.join(dir, 'newsmill.yaml'),
    `output: { hexo: hexo }\ndefaults: { limit: 1000 }\nfetch: { concurrency: 3, timeoutMs: 60000 }\nsources:\n${sources.join('\n')}\n`,
  );
  return dir;
}

/** Copies `files` of the store folder of `from` into `to`'s, as a cache saving exactly those would. */
function restore(from: string, to: string, files: string[]): void {
  for (const file of files)
    copyFileSync(path.join(from, '.newsmill', file), path.join(to, '.newsmill', file));
}

/** Each stored item's first-seen time, by source and identity, read as a new process would. */
function storedItems(dir: string): Map<string, string> {
  const db = new Database(path.join(dir, '.newsmill/newsmill.db'), { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE name = 'items'").all();
    if (tables.length === 0) return new Map();
    const rows = db
      .prepare<[], { key: string; first_seen_at: string }>(
        `SELECT s.key || ' ' || i.identity AS key, i.first_seen_at FROM items i JOIN sources s ON s.id = i.source_id`,
      )
      .all();
    return new Map(rows.map((row) => [row.key, row.first_seen_at]));
  } finally {
    db.close();
  }
}

function integrity(dir: string): string {
  const db = new Database(path.join(dir, '.newsmill/newsmill.db'), { fileMustExist: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

/** How many of `committed` the store of `dir` lost, or holds with another first-seen time. */
function lostOrChanged(committed: Map<string, string>, dir: string): number {
  const stored = storedItems(dir);
  return [...committed].filter(([key, firstSeen]) => stored.get(key) !== firstSeen).length;
}

/** A second run in `dir`: it must succeed, store every item once, and leave the store intact. */
async function runAgain(dir: string): Promise<Finished> {
  const rerun = await start(dir, ['run', '--config', 'newsmill.yaml']).exited;
  expect(rerun.stderr).not.toMatch(/error|another/i);
  expect(rerun.code).toBe(0);
  expect(rerun.stdout).toMatch(/sources: 5 ok, 0 failed/);
  expect(storedItems(dir).size).toBe(TOTAL);
  const db = new Database(path.join(dir, '.newsmill/newsmill.db'), { readonly: true });
  const { count, uniques } = db
    .prepare<[], { count: number; uniques: number }>(
      'SELECT COUNT(*) AS count, COUNT(DISTINCT source_id || char(0) || identity) AS uniques FROM items',
    )
    .get()!;
  db.close();
  expect([count, uniques]).toEqual([TOTAL, TOTAL]);
  expect(integrity(dir)).toBe('ok');
  return rerun;
}

const newCount = (run: Finished): number => Number(/items: (\d+) new/.exec(run.stdout)?.[1]);

describe('a run killed mid-write, its store copied as a cache would', () => {
  let killed = '';
  let committed = new Map<string, string>();

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'newsmill-recovery-'));
    server = await startLoopbackServer((request, response) => {
      const feed = /^\/(big\d+|slow)\.xml$/.exec(request.url ?? '')?.[1];
      if (feed?.startsWith('big')) response.end(generateRss(BIG_ITEMS, feed));
      else if (feed === 'slow' && releaseSlow) response.end(generateRss(SLOW_ITEMS, 'slow'));
      else if (feed !== 'slow') response.writeHead(404).end();
      // Otherwise the slow feed hangs, keeping the run busy while the big ones are written.
    });
    killed = project('killed');
    const posts = (): number => listFiles(path.join(killed, 'hexo/source/_posts')).length;
    const run = start(killed, ['run', '--config', 'newsmill.yaml']);
    const deadline = Date.now() + 30_000;
    while (posts() < 100 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
    run.kill();
    expect((await run.exited).signal).toBe('SIGKILL');
    // Copies first, as the cache would take them, before anything opens the store.
    const left = path.join(killed, '.newsmill');
    expect(existsSync(path.join(left, 'newsmill.db-wal'))).toBe(true);
    expect(existsSync(path.join(left, 'newsmill.db.lock'))).toBe(true);
    restore(killed, project('with-wal'), ['newsmill.db', 'newsmill.db-wal', 'newsmill.db.lock']);
    restore(killed, project('without-wal'), ['newsmill.db']);
    committed = storedItems(killed);
    expect(committed.size).toBeGreaterThanOrEqual(100);
    expect(committed.size).toBeLessThan(TOTAL);
    releaseSlow = true;
  }, 60_000);

  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('checkpointed before the copy (the workflow), the store file alone loses nothing', async () => {
    const checkpoint = await start(killed, ['checkpoint', '--config', 'newsmill.yaml']).exited;
    expect(checkpoint.code).toBe(0);
    // The killed run's lock (its pid is gone) is taken over and released: nothing is left to cache.
    expect(checkpoint.stderr).toMatch(
      /^took over a lock left by newsmill run \(pid \d+ on host .+, last alive .+\)\n$/,
    );
    expect(checkpoint.stdout).toMatch(/integrity ok, \d+\.\d MB \(\d+ log pages written back\)/);
    expect(listFiles(path.join(killed, '.newsmill'))).toEqual(['newsmill.db', 'newsmill.db.seal']);
    const restored = project('checkpointed');
    restore(killed, restored, ['newsmill.db']);
    expect(lostOrChanged(committed, restored)).toBe(0);
    const next = await start(restored, ['checkpoint', '--config', 'newsmill.yaml']).exited;
    expect(next.code).toBe(0);
    const rerun = await runAgain(restored);
    expect(newCount(rerun)).toBe(TOTAL - committed.size);
    expect(lostOrChanged(committed, restored)).toBe(0);
  });

  it('copied with its -wal file and a lock from another runner, the next run takes over and loses nothing', async () => {
    const restored = path.join(root, 'with-wal');
    // The lock as a cache restores it on another runner, ten minutes after its holder's last beat.
    const lockFile = path.join(restored, '.newsmill/newsmill.db.lock');
    const beat = new Date(Date.now() - 10 * 60_000).toISOString();
    const owner = JSON.parse(readFileSync(lockFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(lockFile, `${JSON.stringify({ ...owner, host: 'runner-a', heartbeat: beat })}\n`);
    expect(lostOrChanged(committed, restored)).toBe(0);
    const rerun = await runAgain(restored);
    expect(rerun.stderr).toContain(
      `took over a lock left by newsmill run (pid ${String(owner.pid)} on host runner-a, last alive ${beat})`,
    );
    expect(newCount(rerun)).toBe(TOTAL - committed.size);
    expect(lostOrChanged(committed, restored)).toBe(0);
  });

  it('copied without its -wal file and never checkpointed, the store loses committed items', async () => {
    const restored = path.join(root, 'without-wal');
    const lost = lostOrChanged(committed, restored);
    expect(lost).toBeGreaterThan(0);
    // Still a store the next run can use: the lost items come back as new (with new first-seen
    // times, so their posts are dated again), which the checkpoint step prevents.
    const checkpoint = await start(restored, ['checkpoint', '--config', 'newsmill.yaml']).exited;
    expect(checkpoint.code).toBe(0);
    const rerun = await runAgain(restored);
    expect(newCount(rerun)).toBe(TOTAL - committed.size + lost);
  });
});
