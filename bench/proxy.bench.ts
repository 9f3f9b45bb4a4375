/**
 * Image proxy benchmark: newsmill's proxy (Node, one process, disk cache plus hot memory copy) against
 * nginx with proxy_cache (one worker, for a like-for-like single core), both in front of the same
 * loopback image server, loaded by wrk for cached hits and for misses (every URL new). For cached
 * hits a bare node:http server sending the same bytes and headers shows what one Node process can do.
 * PROXY_BENCH_WORKERS=n runs `newsmill proxy --workers n` against nginx with n workers instead.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseUpstreamEntry } from '../src/proxy/address-policy.js';
import { createNodeProxy, listenProxy } from '../src/proxy/node-proxy.js';
import { signImageUrl } from '../src/proxy/url-signing.js';
import { alternate, conditionsNote, formatSpread, ratiosOf, roundsFor, spreadOf } from './protocol.js';
import { benchWorkers, startProxyCluster } from './proxy-cluster.js';

const secret = 'bench-secret-0123456789abcdef';
const here = fileURLToPath(import.meta.url);
const image = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(8 * 1024 - 4, 9)]);
const hotImages = 100;
const missUrls = 150_000;
const load = { threads: 1, connections: 50, hitSeconds: 10, missSeconds: 5 };

interface WrkResult {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** The child process side: run newsmill's proxy and print its URL. */
async function runProxyChild(): Promise<void> {
  const proxy = await createNodeProxy({
    secret,
    cacheDir: process.env.BENCH_CACHE_DIR,
    cacheMaxBytes: 2 * 1024 ** 3,
    upstream: { allowUpstream: new Set([parseUpstreamEntry(process.env.BENCH_UPSTREAM ?? '')]) },
  });
  const { url } = await listenProxy(proxy.app, '127.0.0.1', 0);
  process.stdout.write(`${url}\n`);
}

/**
 * The child process side of the ceiling: a bare node:http server answering every request with the
 * bytes and headers of one of the proxy's cache hits, which no Node proxy in one process can beat.
 */
async function runCeilingChild(): Promise<void> {
  const headers = JSON.parse(process.env.BENCH_HEADERS ?? '{}') as Record<string, string>;
  const server = createServer((_, response) => {
    response.writeHead(200, headers);
    response.end(image);
  });
  const port = await listen(server);
  process.stdout.write(`http://127.0.0.1:${port}\n`);
}

/** Starts newsmill's proxy in one child process (the library, as the CLI builds it). */
async function startProxyChild(
  upstreamPort: number,
  cacheDir: string,
): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', here], {
    env: {
      ...process.env,
      NEWSMILL_BENCH_CHILD: 'proxy',
      BENCH_UPSTREAM: `127.0.0.1:${upstreamPort}`,
      BENCH_CACHE_DIR: cacheDir,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return { child, base: await waitForLine(child) };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function nginxConfig(dir: string, port: number, upstreamPort: number, workers: number): string {
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, name)};`;
  return `worker_processes ${workers};
daemon off;
${process.getuid?.() === 0 ? 'user root;' : ''}
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  proxy_cache_path ${dir}/cache levels=1:2 keys_zone=img:32m max_size=2g inactive=1h use_temp_path=off;
  upstream images { server 127.0.0.1:${upstreamPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location /img/ {
      proxy_pass http://images;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache img;
      proxy_cache_valid 200 1h;
      proxy_cache_lock on;
      add_header X-Content-Type-Options nosniff;
      add_header Content-Security-Policy "default-src 'none'; sandbox";
      add_header Access-Control-Allow-Origin *;
    }
  }
}
`;
}

async function waitForLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
  });
}

async function waitForHttp(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`${url} did not come up`);
}

/** Writes a wrk Lua script that cycles through the given paths (each thread starts at its own slice). */
function pathScript(dir: string, name: string, paths: string[]): string {
  const list = path.join(dir, `${name}.txt`);
  writeFileSync(list, `${paths.join('\n')}\n`);
  const script = path.join(dir, `${name}.lua`);
  writeFileSync(
    script,
    `local paths = {}
for line in io.lines("${list}") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i + 1
  if i > #paths then i = 1 end
  return wrk.format("GET", paths[i])
end
`,
  );
  return script;
}

async function wrk(name: string, base: string, script: string, seconds: number): Promise<WrkResult> {
  const args = [
    '-t',
    String(load.threads),
    '-c',
    String(load.connections),
    '-d',
    `${seconds}s`,
    '--latency',
    '-s',
    script,
    base,
  ];
  const child = spawn('/usr/bin/wrk', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  // wrk stops itself after -d; the kill is only a guard against a hung run.
  const guard = setTimeout(() => child.kill('SIGKILL'), (seconds + 15) * 1000);
  await new Promise((resolve) => child.once('exit', resolve));
  clearTimeout(guard);
  const ms = (label: string) => {
    const match = new RegExp(`^\\s*${label}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(out);
    if (!match) return NaN;
    const value = Number(match[1]);
    return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
  };
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? '0';
  return {
    name,
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN),
    p50: ms('50'),
    p99: ms('99'),
    errors: Number(errors),
  };
}

/** Per contender the median req/s and latencies (with their spread), then the per-round ratios. */
function table(title: string, names: readonly string[], results: readonly WrkResult[][]): void {
  const [newsmill = [], nginx = []] = results;
  console.log(
    `\n${title}${conditionsNote()} (${newsmill.length} alternating rounds; median (lowest–highest))`,
  );
  names.forEach((name, index) => {
    const runs = results[index] ?? [];
    const of = (pick: (run: WrkResult) => number) => spreadOf(runs.map(pick));
    const errors = runs.reduce((sum, run) => sum + run.errors, 0);
    console.log(
      `  ${name.padEnd(24)} ${formatSpread(
        of((run) => run.rps),
        0,
        'req/s',
      )}  p50 ${formatSpread(
        of((run) => run.p50),
        2,
        'ms',
      )}  p99 ${formatSpread(
        of((run) => run.p99),
        2,
        'ms',
      )}  non-2xx ${errors}`,
    );
  });
  const share = ratiosOf(
    newsmill.map((run) => run.rps * 100),
    nginx.map((run) => run.rps),
  );
  const p99 = ratiosOf(
    newsmill.map((run) => run.p99),
    nginx.map((run) => run.p99),
  );
  console.log(`  newsmill / nginx: ${formatSpread(share, 0)} % of req/s, p99 ${formatSpread(p99, 2)}×`);
  const ceiling = results[2];
  if (ceiling) {
    const ofCeiling = ratiosOf(
      newsmill.map((run) => run.rps * 100),
      ceiling.map((run) => run.rps),
    );
    const ceilingShare = ratiosOf(
      ceiling.map((run) => run.rps * 100),
      nginx.map((run) => run.rps),
    );
    console.log(
      `  newsmill / bare node:http: ${formatSpread(ofCeiling, 0)} % of req/s; bare node:http / nginx: ${formatSpread(ceilingShare, 0)} %`,
    );
  }
}

/** newsmill's proxy against nginx proxy_cache: cached hits and misses, req/s and p50/p99 latency. */
export default async function proxyBenchmark(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-proxy-bench-'));
  const upstream = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': image.byteLength });
    response.end(image);
  });
  const upstreamPort = await listen(upstream);
  const children: ChildProcess[] = [];
  try {
    const workers = benchWorkers();
    const cacheDir = path.join(dir, 'newsmill-cache');
    const repo = path.resolve(path.dirname(here), '..');
    const newsmill =
      workers > 1
        ? await startProxyCluster(repo, { workers, secret, upstream: `127.0.0.1:${upstreamPort}`, cacheDir })
        : await startProxyChild(upstreamPort, cacheDir);
    children.push(newsmill.child);
    const newsmillBase = newsmill.base;
    const nginxPort = await freePort();
    writeFileSync(path.join(dir, 'nginx.conf'), nginxConfig(dir, nginxPort, upstreamPort, workers));
    const nginx = spawn(
      '/usr/sbin/nginx',
      ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')],
      {
        stdio: 'inherit',
      },
    );
    children.push(nginx);
    const nginxBase = `http://127.0.0.1:${nginxPort}`;
    await waitForHttp(`${nginxBase}/img/warmup.jpg`);

    const upstreamUrl = (name: string) => `http://127.0.0.1:${upstreamPort}/img/${name}.jpg`;
    const hot = Array.from({ length: hotImages }, (_, i) => `hot-${i}`);
    const newsmillHot = hot.map((name) => signImageUrl(upstreamUrl(name), '', secret));
    const nginxHot = hot.map((name) => `/img/${name}.jpg`);
    for (const [base, paths] of [
      [newsmillBase, newsmillHot],
      [nginxBase, nginxHot],
    ] as const) {
      for (const hotPath of paths) await (await fetch(`${base}${hotPath}`)).arrayBuffer();
    }
    // A cache hit's headers, for the ceiling to send with the same bytes.
    const sample = await fetch(`${newsmillBase}${newsmillHot[0]}`);
    await sample.arrayBuffer();
    const hitHeaders = Object.fromEntries(
      [...sample.headers].filter(([name]) => !['date', 'connection', 'keep-alive'].includes(name)),
    );
    // The ceiling is one bare process: it only bounds the one-process proxy.
    const ceilingChild =
      workers > 1
        ? null
        : spawn(process.execPath, ['--import', 'tsx', here], {
            env: {
              ...process.env,
              NEWSMILL_BENCH_CHILD: 'ceiling',
              BENCH_HEADERS: JSON.stringify(hitHeaders),
            },
            stdio: ['ignore', 'pipe', 'inherit'],
          });
    if (ceilingChild) children.push(ceilingChild);
    const ceilingBase = ceilingChild ? await waitForLine(ceilingChild) : null;
    const names =
      workers > 1
        ? [`newsmill proxy --workers ${workers}`, `nginx 1.22 proxy_cache, ${workers} workers`]
        : ['newsmill proxy', 'nginx 1.22 proxy_cache', 'ceiling: bare node:http'];
    const rounds = roundsFor(3);
    const hits = await alternate(
      [
        [newsmillBase, pathScript(dir, 'newsmill-hot', newsmillHot)],
        [nginxBase, pathScript(dir, 'nginx-hot', nginxHot)],
        ...(ceilingBase ? [[ceilingBase, pathScript(dir, 'ceiling-hot', newsmillHot)]] : []),
      ].map(([base, script], index) => ({
        name: names[index] as string,
        run: () => wrk(names[index] as string, base as string, script as string, load.hitSeconds),
      })),
      rounds,
    );
    // Every URL of every round is new to both caches.
    const misses = (round: number): string[] =>
      Array.from({ length: missUrls }, (_, i) => `miss-${round}-${i}`);
    const missPaths: Array<(round: number) => string[]> = [
      (round) => misses(round).map((name) => signImageUrl(upstreamUrl(name), '', secret)),
      (round) => misses(round).map((name) => `/img/${name}.jpg`),
    ];
    const missResults = await alternate(
      [newsmillBase, nginxBase].map((base, index) => ({
        name: names[index] as string,
        run: (round: number) =>
          wrk(
            names[index] as string,
            base,
            pathScript(dir, `miss-${index}-${round}`, missPaths[index]?.(round) ?? []),
            load.missSeconds,
          ),
      })),
      rounds,
    );
    const setup = `wrk -t${load.threads} -c${load.connections}, 8 KB JPEG, ${hotImages} hot URLs; ${workers} worker process(es) each`;
    table(`proxy: cached hits, ${load.hitSeconds} s (${setup})`, names, hits);
    table(
      `proxy: misses (every URL new, upstream on loopback), ${load.missSeconds} s`,
      names.slice(0, 2),
      missResults,
    );
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((resolve) => upstream.close(resolve));
    upstream.closeAllConnections();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.NEWSMILL_BENCH_CHILD === 'proxy') await runProxyChild();
if (process.env.NEWSMILL_BENCH_CHILD === 'ceiling') await runCeilingChild();
