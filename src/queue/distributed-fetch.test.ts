import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import type { SourceRecord } from '../store/store.js';
import { repoRoot } from '../test-support/demo-site.js';
import { generateRss, type LoopbackServer } from '../test-support/loopback-server.js';
import { hasTestPostgres, useTestPostgres, type TestPostgres } from '../test-support/test-postgres.js';

/*
 * The proof of issue #22's workers: real processes (3 workers, 1 scheduler) against one PostgreSQL
 * store and feeds on 10 loopback hosts, one worker killed with SIGKILL while its fetches are in
 * flight. Everything is counted where it happens: requests and concurrency at the servers, items in
 * the store. Timings: heartbeats of 10 s (the least pg-boss takes) and polls of 0.5 s, set through
 * the environment as an operator would (README, "Scaling out"), keep it well under a minute.
 */

const bin = path.join(repoRoot, 'bin/newsmill.js');
const HOSTS = 10;
const SOURCES = 200;
const PER_HOST = 2;
const ITEMS = 5;
const WORKERS = 3;
const CONCURRENCY = 3;
// Slow answers, so that fetches overlap and a kill lands in the middle of some.
const DELAY_MS = 500;

interface Farm {
  servers: LoopbackServer[];
  /** Requests per source URL, answered in full or not. */
  requests: Map<string, number>;
  /** Responses sent in full per source URL: the fetches that happened. */
  served: Map<string, number>;
  /** Source URLs whose request was cut off before its answer was sent. */
  cut: string[];
  /** The most requests each host had at once. */
  peak: Map<string, number>;
  /** The source URLs in flight, by the User-Agent that asked (each worker has its own). */
  inFlight: Map<string, Set<string>>;
  /** Called on every request with its User-Agent, once it is counted. */
  onRequest: ((agent: string) => void) | null;
  /**
   * User-Agents whose requests in flight are never answered: the worker about to be killed, so that
   * none of its fetches is answered in the moment between the decision and the kill.
   */
  unanswered: Set<string>;
}

async function startFarm(): Promise<Farm> {
  const active = new Map<string, number>();
  const farm: Farm = {
    servers: [],
    requests: new Map(),
    served: new Map(),
    cut: [],
    peak: new Map(),
    inFlight: new Map(),
    onRequest: null,
    unanswered: new Set(),
  };
  const bump = (map: Map<string, number>, key: string, by = 1): number => {
    map.set(key, (map.get(key) ?? 0) + by);
    return map.get(key) ?? 0;
  };
  for (let h = 0; h < HOSTS; h++) {
    const address = `127.0.0.${h + 2}`;
    const server = createServer((request, response: ServerResponse) => {
      const host = request.headers.host ?? '';
      const url = `http://${host}${request.url ?? ''}`;
      const agent = request.headers['user-agent'] ?? '';
      const asked = farm.inFlight.get(agent) ?? new Set<string>();
      farm.inFlight.set(agent, asked.add(url));
      bump(farm.requests, url);
      farm.peak.set(host, Math.max(farm.peak.get(host) ?? 0, bump(active, host)));
      response.on('close', () => {
        bump(active, host, -1);
        asked.delete(url);
        if (response.writableFinished) bump(farm.served, url);
        else farm.cut.push(url);
      });
      farm.onRequest?.(agent);
      const name = (request.url ?? '').replace(/[^a-z0-9]/gi, '');
      setTimeout(() => {
        if (!farm.unanswered.has(agent)) response.end(generateRss(ITEMS, name));
      }, DELAY_MS);
    });
    await new Promise<void>((resolve) => server.listen(0, address, resolve));
    const { port } = server.address() as AddressInfo;
    farm.servers.push({
      url: `http://${address}:${port}`,
      server,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    });
  }
  return farm;
}

interface Child {
  process: ChildProcess;
  name: string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: string | null }>;
}

function start(dir: string, args: string[]): Child {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NEWSMILL_QUEUE_HEARTBEAT_SECONDS: '10', NEWSMILL_QUEUE_POLL_SECONDS: '0.5' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    process: child,
    name: `${hostname()}:${child.pid}`,
    stderr: () => stderr,
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal }))),
  };
}

async function until(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!hasTestPostgres)(
  '3 workers and a scheduler on one PostgreSQL store, one worker killed',
  () => {
    let database: TestPostgres | null = null;
    let farm: Farm | null = null;
    const children: Child[] = [];
    let dir = '';
    afterAll(async () => {
      for (const child of children) child.process.kill('SIGKILL');
      await Promise.all(children.map((child) => child.exited));
      for (const server of farm?.servers ?? []) {
        server.server.closeAllConnections();
        await server.close();
      }
      await database?.drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('stores every item once, fetches each source once, keeps perHost at every host, and finishes the killed jobs elsewhere', async () => {
      database = await useTestPostgres();
      farm = await startFarm();
      const started = Date.now();
      dir = mkdtempSync(path.join(tmpdir(), 'newsmill-workers-'));
      // Host by host, as a config is usually written: the queue's first jobs all want one host, so
      // the limit per host is what spreads the workers over the hosts.
      const perServer = SOURCES / HOSTS;
      const sources = Array.from({ length: SOURCES }, (_, i) => {
        const h = Math.floor(i / perServer);
        return `  - { url: "${farm?.servers[h]?.url}/s${i}.xml", categories: [test, h${h}, s${i}] }`;
      });
      // The same config for every process, but each worker's own User-Agent, so that the servers
      // know whose fetches are in flight.
      const writeConfig = (file: string, agent: string): string[] => {
        writeFileSync(
          path.join(dir, file),
          [
            `store: { url: "${database?.url}", schema: newsmill }`,
            `fetch: { perHost: ${PER_HOST}, timeoutMs: 20000, retries: 1, userAgent: ${agent} }`,
            'sources:',
            ...sources,
          ].join('\n'),
        );
        return ['-c', file];
      };
      const config = writeConfig('newsmill.yaml', 'newsmill-test-scheduler');
      const workers = Array.from({ length: WORKERS }, (_, n) =>
        start(dir, [
          'worker',
          ...writeConfig(`worker-${n}.yaml`, `newsmill-test-worker-${n}`),
          ...['--concurrency', String(CONCURRENCY), '--drain', '10'],
        ]),
      );
      children.push(...workers);
      const [victim, ...survivors] = workers as [Child, ...Child[]];
      // Killed at the first moment it has its full share of fetches in flight.
      let killedMidFetch: string[] = [];
      farm.onRequest = (agent) => {
        const asked = farm?.inFlight.get(agent);
        if (agent !== 'newsmill-test-worker-0' || killedMidFetch.length > 0 || asked?.size !== CONCURRENCY)
          return;
        killedMidFetch = [...asked];
        farm?.unanswered.add(agent);
        victim.process.kill('SIGKILL');
      };
      const scheduler = start(dir, ['schedule', ...config, '--interval', '1']);
      children.push(scheduler);

      const served = (): number => [...(farm?.served.values() ?? [])].reduce((sum, n) => sum + n, 0);
      // About 20 s on a quiet 2-core machine; the margin is for a loaded one.
      await until('every source to be served', () => served() >= SOURCES, 75_000);
      expect(killedMidFetch).toHaveLength(CONCURRENCY);
      expect((await victim.exited).signal).toBe('SIGKILL');

      const names = new Set(workers.map((worker) => worker.name));
      const store = await openStore({ kind: 'postgres', url: database.url, schema: 'newsmill' });
      try {
        let records: SourceRecord[] = [];
        // The scheduler's next pass stores each source's next due time, after its fetch.
        await until(
          'the next due times',
          async () => {
            records = await store.listSources();
            return (
              records.length === SOURCES &&
              records.every((r) => (r.nextDueAt ?? '') > (r.lastAttemptAt ?? '~'))
            );
          },
          10_000,
        );
        for (const record of records) {
          expect(record).toMatchObject({ errorStreak: 0, itemCount: ITEMS });
          expect(record.lastSuccessAt).not.toBeNull();
          expect(names.has(record.lastFetchedBy ?? '')).toBe(true);
        }
        // The killed worker's fetches were cut off at the servers, and finished by the others.
        expect([...farm.cut].sort()).toEqual([...killedMidFetch].sort());
        const byKey = new Map(records.map((record) => [record.key, record]));
        for (const url of farm.cut) {
          expect(farm.served.get(url)).toBe(1);
          expect(survivors.map((s) => s.name)).toContain(byKey.get(url)?.lastFetchedBy);
        }
        const items = await store.listAllItems();
        expect(items).toHaveLength(SOURCES * ITEMS);
        expect(new Set(items.map((item) => `${item.sourceKey}\n${item.identity}`)).size).toBe(
          SOURCES * ITEMS,
        );
      } finally {
        await store.close();
      }
      // One fetch per source for its one due time, counted where the fetches arrive.
      expect(farm.served.size).toBe(SOURCES);
      expect([...farm.served.values()].every((n) => n === 1)).toBe(true);
      // No host ever had more than perHost requests at once, and the limit was reached.
      expect(Math.max(...farm.peak.values())).toBe(PER_HOST);
      // One log line per job: every fetch is logged once, by the worker that made it.
      const okLines = workers.flatMap((worker) => worker.stderr().match(/ ok http:\/\/\S+ in \d+ ms/g) ?? []);
      expect(okLines).toHaveLength(SOURCES);

      // `newsmill sources` shows, per source, who fetched it last and when it is due next.
      const listed = spawnSync(process.execPath, [bin, 'sources', '--json', ...config], {
        cwd: dir,
        encoding: 'utf8',
      });
      const report = JSON.parse(listed.stdout) as {
        sources: Array<{ lastFetchedBy: string | null; nextDueAt: string | null }>;
      };
      expect(report.sources).toHaveLength(SOURCES);
      for (const row of report.sources) {
        expect(names.has(row.lastFetchedBy ?? '')).toBe(true);
        expect(Date.parse(row.nextDueAt ?? '')).toBeGreaterThan(started);
      }

      for (const child of [...survivors, scheduler]) child.process.kill('SIGTERM');
      for (const child of [...survivors, scheduler])
        expect(await child.exited).toEqual({ code: 0, signal: null });
      expect(survivors.map((s) => s.stderr()).join('')).toMatch(/stopped cleanly/);
    }, 120_000);
  },
);
