/**
 * Ingest throughput: `newsmill run` on the embedded SQLite store (one process) against `newsmill
 * schedule --once` plus 1, 2 and 4 `newsmill worker` processes on a shared PostgreSQL store, all on
 * the same loopback farm (10 hosts, `fetch.perHost` 2, 100 ms answers). Contenders alternate, round
 * after round; each round starts from an empty store (a fresh SQLite file, a fresh schema).
 *
 *   npm run bench -- ingest
 *   INGEST_BENCH_SOURCES=1000 INGEST_BENCH_ROUNDS=3 npm run bench -- ingest
 *   INGEST_BENCH_WORKERS=1,4 npm run bench -- ingest   (which worker counts run beside SQLite)
 *   INGEST_BENCH_LOGS=/tmp/logs npm run bench -- ingest   (keeps every process's stderr there)
 *
 * PostgreSQL: the server NEWSMILL_TEST_PG names, else a throwaway one started with
 * scripts/pg-test-server.sh (Debian's binaries), stopped at the end.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { alternate, conditionsNote, formatSpread, ratiosOf, roundsFor, spreadOf } from './protocol.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin/newsmill.js');
const HOSTS = 10;
const SOURCES = Number(process.env.INGEST_BENCH_SOURCES ?? 1000);
const ROUNDS = roundsFor(Number(process.env.INGEST_BENCH_ROUNDS ?? 3));
const ITEMS = 20;
const PER_HOST = 2;
const LATENCY_MS = 100;
// Each worker may run as many fetches as the farm allows at once, so one worker alone can reach the
// perHost limit on every host: more workers add processes, not allowed concurrency.
const WORKER_CONCURRENCY = HOSTS * PER_HOST;
const WORKER_COUNTS = (process.env.INGEST_BENCH_WORKERS ?? '1,2,4').split(',').map(Number);
const LOGS = process.env.INGEST_BENCH_LOGS;
const QUEUE_ENV = { NEWSMILL_QUEUE_HEARTBEAT_SECONDS: '10', NEWSMILL_QUEUE_POLL_SECONDS: '0.5' };

/** A feed of ITEMS items with Chinese bodies, stable per source. */
function feedFor(index: number): string {
  const items = Array.from({ length: ITEMS }, (_, i) => {
    const body = `<p>第 ${index} 号订阅源的第 ${i} 篇文章：新能源汽车下乡活动收官，累计成交超过十万辆。</p><img src="http://img.example.cn/${index}/${i}.jpg">`;
    return `<item><title>订阅源 ${index} 文章 ${i}</title><link>https://news.example.cn/${index}/${i}</link><guid isPermaLink="false">f${index}-${i}</guid><pubDate>Thu, 16 Dec 2021 03:${String(i).padStart(2, '0')}:08 GMT</pubDate><description><![CDATA[${body}]]></description></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>订阅源 ${index}</title><link>https://news.example.cn/</link>${items.join('')}</channel></rss>`;
}

/** HOSTS loopback hosts (127.0.0.2–11) answering every feed after LATENCY_MS. */
async function startFarm(): Promise<{ urls: string[]; close(): Promise<void> }> {
  const servers: Server[] = [];
  const bases: string[] = [];
  for (let host = 0; host < HOSTS; host++) {
    const server = createServer((request, response) => {
      const index = Number(/\/feed\/(\d+)/.exec(request.url ?? '')?.[1] ?? -1);
      setTimeout(
        () => response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feedFor(index)),
        LATENCY_MS,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, `127.0.0.${host + 2}`, resolve));
    servers.push(server);
    bases.push(`http://127.0.0.${host + 2}:${(server.address() as AddressInfo).port}`);
  }
  return {
    urls: Array.from({ length: SOURCES }, (_, i) => `${bases[i % HOSTS]}/feed/${i}`),
    close: async () => {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}

/** The PostgreSQL server to use, and how to stop it when this bench started it. */
function postgresServer(): { url: string; stop(): void } {
  const named = process.env.NEWSMILL_TEST_PG;
  if (named) return { url: named, stop: () => undefined };
  const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-ingest-bench-pg-'));
  const script = path.join(root, 'scripts/pg-test-server.sh');
  const url = execFileSync('bash', [script, 'start', dir], { encoding: 'utf8' }).trim();
  return { url, stop: () => execFileSync('bash', [script, 'stop', dir]) };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

let spawned = 0;

function newsmill(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Read, or a full pipe blocks the child at its next line; the tail explains a failure.
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-2000)));
  if (LOGS) {
    mkdirSync(LOGS, { recursive: true });
    child.stderr?.pipe(createWriteStream(path.join(LOGS, `${(spawned += 1)}-${args[0]}-${child.pid}.log`)));
  }
  child.once('exit', (code) => {
    if (code !== 0 && code !== null) console.error(`newsmill ${args[0]} exited ${code}:\n${tail}`);
  });
  return child;
}

/** `newsmill run` into a fresh SQLite store; seconds from start to exit. */
async function sqliteRound(dir: string, sources: string, round: number): Promise<number> {
  const config = `sqlite-${round}.yaml`;
  writeFileSync(path.join(dir, config), `store: sqlite-${round}/newsmill.db\n${sources}`);
  const started = performance.now();
  const code = await exited(newsmill(['run', '-c', config], dir));
  if (code !== 0) throw new Error(`newsmill run exited ${code}`);
  return (performance.now() - started) / 1000;
}

/**
 * `schedule --once` and `workers` workers on a fresh schema, started together; seconds from start
 * until every source has an attempt recorded in the store.
 */
async function postgresRound(
  dir: string,
  sources: string,
  url: string,
  workers: number,
  round: number,
): Promise<number> {
  const schema = `bench_${workers}w_${round}_${process.pid}`;
  const config = `${schema}.yaml`;
  writeFileSync(path.join(dir, config), `store: { url: "${url}", schema: ${schema} }\n${sources}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  const children = Array.from({ length: workers }, () =>
    newsmill(['worker', '-c', config, '--concurrency', String(WORKER_CONCURRENCY)], dir, QUEUE_ENV),
  );
  try {
    const scheduled = await exited(newsmill(['schedule', '--once', '-c', config], dir, QUEUE_ENV));
    if (scheduled !== 0) throw new Error(`newsmill schedule --once exited ${scheduled}`);
    for (;;) {
      const done = await client
        .query<{ n: string }>(
          `SELECT count(*) AS n FROM "${schema}".sources WHERE last_attempt_at IS NOT NULL AND last_error IS NULL`,
        )
        .then((result) => Number(result.rows[0]?.n ?? 0))
        .catch(() => 0);
      if (done >= SOURCES) break;
      if (children.some((child) => child.exitCode !== null)) throw new Error('a worker exited early');
      if (performance.now() - started > 600_000)
        throw new Error(`${schema}: not every source fetched in 10 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return (performance.now() - started) / 1000;
  } finally {
    await Promise.all(
      children.map((child) => {
        const exit = exited(child);
        child.kill('SIGTERM');
        return exit;
      }),
    );
    await client.query(
      `DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_queue" CASCADE`,
    );
    await client.end();
  }
}

/** Runs the rounds and prints each contender's median, spread and ratio to the SQLite run. */
export default async function ingestBenchmark(): Promise<void> {
  // The contenders are the CLI a user runs: build it from this checkout first.
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  const farm = await startFarm();
  const server = postgresServer();
  const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-ingest-bench-'));
  try {
    const lines = farm.urls.map(
      (url, i) => `  - { url: "${url}", categories: [bench, host${i % HOSTS}, feed${i}] }`,
    );
    const sources = `fetch: { concurrency: ${HOSTS * PER_HOST}, perHost: ${PER_HOST} }\nsources:\n${lines.join('\n')}\n`;
    const contenders: Array<{ name: string; run(round: number): Promise<number> }> = [
      { name: 'sqlite, newsmill run', run: (round) => sqliteRound(dir, sources, round) },
      ...WORKER_COUNTS.map((workers) => ({
        name: `postgres, ${workers} worker${workers > 1 ? 's' : ''}`,
        run: (round: number) => postgresRound(dir, sources, server.url, workers, round),
      })),
    ];
    const times = await alternate(contenders, ROUNDS, {
      onRun: (name, round, seconds) => console.error(`  round ${round + 1}: ${name} ${seconds.toFixed(2)} s`),
    });
    const ideal = (LATENCY_MS / 1000) * (SOURCES / (HOSTS * PER_HOST));
    console.log(
      `\ningest${conditionsNote()}: ${SOURCES} sources × ${ITEMS} items on ${HOSTS} hosts, ${LATENCY_MS} ms answers, perHost ${PER_HOST} (ideal ${ideal.toFixed(1)} s), ${ROUNDS} alternating rounds`,
    );
    console.log('| contender | wall, median (lowest–highest) | items/s | sources/min | ÷ SQLite |');
    console.log('| --- | --- | --- | --- | --- |');
    contenders.forEach(({ name }, index) => {
      const runs = times[index] ?? [];
      const wall = spreadOf(runs).median;
      const ratio = formatSpread(ratiosOf(runs, times[0] ?? []), 2);
      console.log(
        `| ${name} | ${formatSpread(spreadOf(runs), 2, 's')} | ${((SOURCES * ITEMS) / wall).toFixed(0)} | ${((SOURCES / wall) * 60).toFixed(0)} | ${ratio}× |`,
      );
    });
  } finally {
    await farm.close();
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
