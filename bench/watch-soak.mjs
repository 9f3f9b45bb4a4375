// Soak of `newsmill watch` (issue #19): loopback feeds only, bounded, stops by itself.
//
//   node bench/watch-soak.mjs [--minutes 60] [--feeds 200] [--keep N] [--out $TMPDIR/newsmill-watch-soak]
//
// 200 feeds on 10 ports of 127.0.0.1 with <ttl>1</ttl>: a fifth answer 304 to a matching ETag (and
// publish every 3 minutes, so most of their fetches are 304s), a fifth fail with 500 half of the
// time, a fifth answer after 2-5 s, the rest are plain; each feed lists its newest 20 items. Config:
// minIntervalMinutes 1, rebuildDelaySeconds 30, backoffMinutes 1. The watch process (the CLI bundle,
// copied aside so another build cannot swap it mid-run) samples its memory each minute, and takes
// heap snapshots (SIGUSR2) at about 10%, 50% and 95% of the run. At the end it gets SIGTERM and the
// store is checked: every item served is stored once, rebuilds happened while changes kept coming,
// and every source was fetched again within its interval after a 304 and after a failure.
// --keep N turns retention on (`retention.maxItemsPerSource: N`), so that the store, and the
// rebuild's working set with it, stops growing once every feed has published N items; an item
// retention removed is not counted as lost.
import { execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { clearInterval, setInterval, setTimeout } from 'node:timers';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const minutes = Number(arg('minutes', '60'));
const feedCount = Number(arg('feeds', '200'));
const keep = arg('keep', null) === null ? null : Number(arg('keep', null));
const out = path.resolve(arg('out', path.join(tmpdir(), 'newsmill-watch-soak')));
const PORTS = 10;
const WINDOW = 20;
const MINUTE = 60_000;
mkdirSync(out, { recursive: true });
const log = (line) => {
  const text = `${new Date().toISOString()} ${line}`;
  console.log(text);
};

// A bundle of our own: dist/bundle is rebuilt (swapped) by every test run on this machine.
execFileSync(process.execPath, ['scripts/bundle-cli.mjs'], { cwd: root, stdio: 'inherit' });
const bundle = path.join(root, `dist/bundle-soak-${process.pid}`);
cpSync(path.join(root, 'dist/bundle'), bundle, { recursive: true });

const started = Date.now();
const kinds = ['etag', 'flaky', 'slow', 'plain', 'plain'];
const feeds = Array.from({ length: feedCount }, (_, n) => ({
  n,
  kind: kinds[n % kinds.length],
  period: n % kinds.length === 0 ? 3 * MINUTE : MINUTE,
  // Each feed publishes at its own phase within the period.
  phase: Math.floor((n * 7919) % MINUTE),
  served: new Set(),
  requests: [], // [time, status]
}));
const published = (feed, now) => Math.max(0, Math.floor((now - started - feed.phase) / feed.period) + 1);
const guid = (feed, k) => `feed-${feed.n}-item-${k}`;
function render(feed, count) {
  const items = [];
  for (let k = count - 1; k >= Math.max(0, count - WINDOW); k--) {
    const at = new Date(started + feed.phase + k * feed.period).toUTCString();
    items.push(
      `<item><title>Feed ${feed.n} item ${k}</title><link>http://127.0.0.1/${feed.n}/${k}</link>` +
        `<guid>${guid(feed, k)}</guid><pubDate>${at}</pubDate><description>&lt;p&gt;Item ${k} of feed ${feed.n}. ${'Lorem ipsum dolor sit amet. '.repeat(20)}&lt;/p&gt;</description></item>`,
    );
  }
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${feed.n}</title><link>http://127.0.0.1/${feed.n}</link><description>soak</description><ttl>1</ttl>${items.join('')}</channel></rss>`;
}

const servers = [];
for (let p = 0; p < PORTS; p++) {
  const server = createServer((request, response) => {
    const n = Number(/^\/feed\/(\d+)$/.exec(request.url ?? '')?.[1]);
    const feed = feeds[n];
    const now = Date.now();
    const send = (status, body = '', headers = {}) => {
      feed?.requests.push([now, status]);
      response.writeHead(status, { 'content-type': 'application/rss+xml; charset=utf-8', ...headers });
      response.end(body);
    };
    if (!feed) return send(404);
    const count = published(feed, now);
    if (feed.kind === 'flaky' && Math.random() < 0.5) return send(500, 'down');
    const answer = () => {
      const etag = `"${feed.n}-${count}"`;
      if (feed.kind === 'etag' && request.headers['if-none-match'] === etag) return send(304, '', { etag });
      for (let k = Math.max(0, count - WINDOW); k < count; k++) feed.served.add(k);
      send(200, render(feed, count), feed.kind === 'etag' ? { etag } : {});
    };
    if (feed.kind === 'slow') setTimeout(answer, 2000 + Math.random() * 3000);
    else answer();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
}
const urls = feeds.map((feed) => `http://127.0.0.1:${servers[feed.n % PORTS].address().port}/feed/${feed.n}`);
const urlOf = (feed) => urls[feed.n];

const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-soak-'));
writeFileSync(
  path.join(dir, 'newsmill.yaml'),
  [
    'watch: { minIntervalMinutes: 1, rebuildDelaySeconds: 30 }',
    'fetch: { backoffMinutes: 1 }',
    ...(keep === null ? [] : [`retention: { maxItemsPerSource: ${keep} }`]),
    'sources:',
    ...feeds.map(
      (feed) => `  - { url: "${urlOf(feed)}", categories: [soak, f${feed.n % 20}, ${feed.kind}] }`,
    ),
  ].join('\n'),
);
const memlog = path.join(out, 'memory.jsonl');
rmSync(memlog, { force: true });
const child = spawn(
  process.execPath,
  [
    '--import',
    path.join(root, 'bench/watch-soak-sampler.mjs'),
    '--heapsnapshot-signal=SIGUSR2',
    path.join(bundle, 'main.js'),
    'watch',
  ],
  { cwd: dir, env: { ...process.env, SOAK_MEMLOG: memlog }, stdio: ['ignore', 'ignore', 'pipe'] },
);
let stderr = '';
let rebuildFailed = '';
const rebuilds = [];
child.stderr.on('data', (chunk) => {
  stderr += chunk.toString();
  for (const line of chunk.toString().split('\n')) {
    if (/site rebuilt/.test(line)) rebuilds.push(Date.now());
    // Said at once: a soak whose rebuilds all fail measures nothing (the bundle loads some
    // modules from dist/, which `npm run build` writes, so a checkout that only bundled fails here).
    if (/rebuild failed/.test(line) && !rebuildFailed) log(`watch: ${(rebuildFailed = line)}`);
  }
});
const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
log(`soak: ${feedCount} feeds, ${minutes} min, watch pid ${child.pid}, store in ${dir}`);

const storeFile = path.join(dir, '.newsmill/newsmill.db');
const storeBytes = () =>
  ['', '-wal'].reduce(
    (sum, ext) => sum + (existsSync(storeFile + ext) ? statSync(storeFile + ext).size : 0),
    0,
  );
const snapshotAt = new Set([0.1, 0.5, 0.95].map((f) => Math.round(f * minutes)));
const minuteTimer = setInterval(() => {
  const minute = Math.round((Date.now() - started) / MINUTE);
  const requests = feeds.reduce((sum, feed) => sum + feed.requests.length, 0);
  log(
    `minute ${minute}: ${requests} requests, ${rebuilds.length} rebuilds, store ${(storeBytes() / 1e6).toFixed(1)} MB`,
  );
  if (snapshotAt.has(minute)) {
    child.kill('SIGUSR2');
    log(`heap snapshot requested at minute ${minute}`);
  }
}, MINUTE);
await Promise.race([new Promise((resolve) => setTimeout(resolve, minutes * MINUTE)), exited]);
clearInterval(minuteTimer);
const stoppingAt = Date.now();
child.kill('SIGTERM');
const exit = await exited;
const stopSeconds = (Date.now() - stoppingAt) / 1000;
for (const server of servers) server.close();

for (const name of readdirSync(dir))
  if (name.endsWith('.heapsnapshot')) renameSync(path.join(dir, name), path.join(out, name));
writeFileSync(path.join(out, 'watch.log'), stderr);

// What the store holds against what the feeds served.
const db = new Database(storeFile, { readonly: true });
const stored = db
  .prepare(
    'SELECT s.key AS key, i.guid AS guid, COUNT(*) AS copies FROM items i JOIN sources s ON s.id = i.source_id GROUP BY s.key, i.guid',
  )
  .all();
db.close();
const storedByUrl = new Map();
let duplicated = 0;
for (const row of stored) {
  if (row.copies > 1) duplicated++;
  if (!storedByUrl.has(row.key)) storedByUrl.set(row.key, new Set());
  storedByUrl.get(row.key).add(row.guid);
}
let served = 0;
let lost = 0;
let neverServed = 0;
const gaps = { after304: 0, afterFailure: 0, after200: 0 };
for (const feed of feeds) {
  const have = storedByUrl.get(urlOf(feed)) ?? new Set();
  // Retention keeps a feed's newest `keep` items (numbered in publishing order); older ones may go.
  const newest = Math.max(...feed.served, -1);
  for (const k of feed.served) {
    served++;
    if (!have.has(guid(feed, k)) && (keep === null || k > newest - keep)) lost++;
  }
  // Items published before the last minute that no response ever carried.
  for (let k = 0; k < published(feed, stoppingAt - MINUTE); k++) if (!feed.served.has(k)) neverServed++;
  for (let i = 1; i < feed.requests.length; i++) {
    const [previousAt, status] = feed.requests[i - 1];
    const gap = feed.requests[i][0] - previousAt;
    const key = status === 304 ? 'after304' : status >= 500 ? 'afterFailure' : 'after200';
    gaps[key] = Math.max(gaps[key], gap);
  }
}
const memory = readFileSync(memlog, 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));
const during = rebuilds.filter((at) => at < stoppingAt).length;
const result = {
  minutes,
  feeds: feedCount,
  keep,
  requests: feeds.reduce((sum, feed) => sum + feed.requests.length, 0),
  served,
  stored: stored.length,
  mostStoredForOneFeed: Math.max(0, ...[...storedByUrl.values()].map((guids) => guids.size)),
  lost,
  duplicated,
  publishedNeverFetched: neverServed,
  maxGapSeconds: Object.fromEntries(Object.entries(gaps).map(([k, v]) => [k, Math.round(v / 100) / 10])),
  rebuildsWhileRunning: during,
  rebuildsAtStop: rebuilds.length - during,
  firstRebuildFailure: rebuildFailed || null,
  exit,
  stopSeconds,
  stoppedCleanly: /stopped cleanly/.test(stderr),
  lockReleased: !existsSync(`${storeFile}.lock`),
  storeMB: Math.round(storeBytes() / 1e5) / 10,
  memoryMB: memory.map((m) => ({
    minute: Math.round((m.at - started) / MINUTE),
    rss: Math.round(m.rss / 1e5) / 10,
    heapUsed: Math.round(m.heapUsed / 1e5) / 10,
  })),
};
writeFileSync(path.join(out, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
log(JSON.stringify({ ...result, memoryMB: undefined }));
for (const m of result.memoryMB) log(`memory minute ${m.minute}: rss ${m.rss} MB, heapUsed ${m.heapUsed} MB`);
rmSync(bundle, { recursive: true, force: true });
rmSync(dir, { recursive: true, force: true });
