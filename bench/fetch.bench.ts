import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { alternate, conditionsNote, formatSpread, roundsFor, spreadOf } from './protocol.js';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FEEDS = Number(process.env.FETCH_BENCH_FEEDS ?? 1000);
const HOSTS = 20;
const LATENCY_MS = 100;
const PER_HOST = 2;
const CONCURRENCY = HOSTS * PER_HOST;

/** A feed of 20 items with Chinese bodies, stable per path so that ETags repeat. */
function feedFor(index: number): string {
  const items = Array.from({ length: 20 }, (_, i) => {
    const body = `<p>第 ${index} 号订阅源的第 ${i} 篇文章：新能源汽车下乡活动收官，累计成交超过十万辆。</p><img src="http://img.example.cn/${index}/${i}.jpg">`;
    return `<item><title>订阅源 ${index} 文章 ${i}</title><link>https://news.example.cn/${index}/${i}</link><guid isPermaLink="false">f${index}-${i}</guid><pubDate>Thu, 16 Dec 2021 03:${String(i).padStart(2, '0')}:08 GMT</pubDate><description><![CDATA[${body}]]></description></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>订阅源 ${index}</title><link>https://news.example.cn/</link>${items.join('')}</channel></rss>`;
}

interface FeedServers {
  urls: string[];
  stats: { requests: number; notModified: number; bytes: number };
  close(): Promise<void>;
}

/** Twenty loopback hosts (127.0.0.2–21), each answering after LATENCY_MS, with ETag support. */
async function startServers(): Promise<FeedServers> {
  const stats = { requests: 0, notModified: 0, bytes: 0 };
  const servers: Server[] = [];
  const bases: string[] = [];
  for (let host = 0; host < HOSTS; host++) {
    const server = createServer((request, response) => {
      stats.requests++;
      const index = Number(/\/feed\/(\d+)/.exec(request.url ?? '')?.[1] ?? -1);
      const body = feedFor(index);
      const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
      setTimeout(() => {
        if (request.headers['if-none-match'] === etag) {
          stats.notModified++;
          response.writeHead(304, { etag }).end();
          return;
        }
        const bytes = Buffer.from(body);
        stats.bytes += bytes.length;
        response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(bytes);
      }, LATENCY_MS);
    });
    await new Promise<void>((resolve) => server.listen(0, `127.0.0.${host + 2}`, resolve));
    servers.push(server);
    bases.push(`http://127.0.0.${host + 2}:${(server.address() as AddressInfo).port}`);
  }
  return {
    urls: Array.from({ length: FEEDS }, (_, i) => `${bases[i % HOSTS]}/feed/${i}`),
    stats,
    close: async () => {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}

/** One timed run and what the feed servers sent during it. */
interface FetchRun {
  wall: number;
  cpu: number;
  rssMb: number;
  stdout: string;
  bytes: number;
  notModified: number;
}

/** Runs a command under /usr/bin/time and returns wall seconds, peak RSS (MB) and stdout. */
async function timed(
  command: string,
  args: string[],
  cwd: string,
): Promise<{ wall: number; cpu: number; rssMb: number; stdout: string }> {
  const { stdout, stderr } = await run('/usr/bin/time', ['-f', 'TIME %e %M %U %S', command, ...args], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [, wall = '0', rss = '0', user = '0', system = '0'] =
    /TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(stderr) ?? [];
  return { wall: Number(wall), cpu: Number(user) + Number(system), rssMb: Number(rss) / 1024, stdout };
}

/** `newsmill run` over 1,000 feeds on 20 slow hosts, a second unchanged run, and rss-parser + p-limit. */
export default async function fetchBenchmark(): Promise<void> {
  const servers = await startServers();
  const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-fetch-bench-'));
  try {
    const sources = servers.urls.map(
      (url, i) => `  - { url: "${url}", categories: [bench, host${i % HOSTS}, feed${i}] }`,
    );
    const settings = `defaults: { limit: 20 }\nfetch: { concurrency: ${CONCURRENCY}, perHost: ${PER_HOST} }\nsources:\n${sources.join('\n')}\n`;
    writeFileSync(path.join(dir, 'urls.json'), JSON.stringify(servers.urls));
    const bin = path.join(root, 'bin/newsmill.js');
    const ideal = (LATENCY_MS / 1000) * (FEEDS / CONCURRENCY);
    // Every round starts from nothing: its own store and Hexo folder.
    const roundDir = (round: number, name: string): string => {
      const folder = path.join(dir, `round-${round}-${name}`);
      mkdirSync(folder, { recursive: true });
      return folder;
    };
    const measured = async (cwd: string, args: string[]): Promise<FetchRun> => {
      servers.stats.bytes = 0;
      servers.stats.notModified = 0;
      const run = await timed(process.execPath, args, cwd);
      return { ...run, bytes: servers.stats.bytes, notModified: servers.stats.notModified };
    };
    const contenders = [
      {
        // Fetch, parse and store only, like the alternative below.
        name: 'store only',
        run: async (round: number): Promise<FetchRun[]> => {
          const cwd = roundDir(round, 'store-only');
          writeFileSync(path.join(cwd, 'newsmill.yaml'), settings);
          return [await measured(cwd, [bin, 'run'])];
        },
      },
      {
        name: 'posts',
        run: async (round: number): Promise<FetchRun[]> => {
          const cwd = roundDir(round, 'posts');
          writeFileSync(path.join(cwd, 'newsmill.yaml'), `output: { hexo: hexo }\n${settings}`);
          const first = await measured(cwd, [bin, 'run']);
          return [first, await measured(cwd, [bin, 'run'])];
        },
      },
      {
        name: 'alternative',
        run: async (): Promise<FetchRun[]> => [
          await measured(dir, [
            path.join(root, 'bench/fetch-alternative.mjs'),
            'urls.json',
            String(CONCURRENCY),
          ]),
        ],
      },
    ];
    const rounds = roundsFor(3);
    const [storeOnly = [], posts = [], alternative = []] = await alternate(contenders, rounds, {
      onRun: (name, round) => console.error(`  round ${round + 1}: ${name} done`),
    });
    const firsts = posts.map(([first]) => first as FetchRun);
    const seconds = posts.map(([, second]) => second as FetchRun);
    const line = (label: string, runs: FetchRun[], detail: (run: FetchRun) => string): void => {
      const wall = spreadOf(runs.map((run) => run.wall));
      const typical = runs.find((run) => run.wall === wall.median) ?? (runs[0] as FetchRun);
      const cpu = spreadOf(runs.map((run) => run.cpu));
      console.log(
        `  ${label.padEnd(46)} ${formatSpread(wall, 2, 's')} (${(wall.median / ideal).toFixed(2)}× ideal), CPU ${formatSpread(cpu, 2, 's')}, peak RSS ${typical.rssMb.toFixed(0)} MB${detail(typical)}`,
      );
    };
    console.log(
      `\nfetch${conditionsNote()}: ${FEEDS} feeds × 20 items on ${HOSTS} hosts, ${LATENCY_MS} ms latency, concurrency ${CONCURRENCY} (${PER_HOST} per host); ${rounds} alternating rounds, median (lowest–highest)`,
    );
    console.log(`  ${'ideal (latency × feeds / concurrency)'.padEnd(46)} ${ideal.toFixed(2)} s`);
    line('newsmill first run, fetch + store only', storeOnly.flat(), () => '');
    line(
      'newsmill first run, 20,000 posts written',
      firsts,
      (run) =>
        `, ${/files written: (\d+)/.exec(run.stdout)?.[1]} files written, ${(run.bytes / 1e6).toFixed(1)} MB transferred`,
    );
    const firstBytes = firsts[0]?.bytes ?? 1;
    line(
      'newsmill second run, nothing changed',
      seconds,
      (run) =>
        `, ${/files written: (\d+)/.exec(run.stdout)?.[1]} files written, ${(run.bytes / 1e3).toFixed(1)} KB transferred (${((100 * run.bytes) / firstBytes).toFixed(2)}% of the first), ${run.notModified} × 304`,
    );
    line(
      'rss-parser 3.13 + p-limit (fetch+parse only)',
      alternative.flat(),
      (run) => ` — ${run.stdout.trim()}`,
    );
  } finally {
    await servers.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
