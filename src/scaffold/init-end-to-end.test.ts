/**
 * The README's "Start your own site", step for step, as a new user runs it: `newsmill init` (the
 * built CLI, which packs this checkout into the project's vendor/), `npm install` from that tarball
 * and the registry, `npm run update` against feeds served on 127.0.0.1, then the two ways a
 * scheduled run is left behind (a lock from a cancelled run on another runner, a run killed
 * mid-write) followed by the workflow's next steps, and the store's integrity check.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { signImageUrl } from '../proxy/url-signing.js';
import { repoRoot } from '../test-support/demo-site.js';
import { generateRss, startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server.js';

let work = '';
let project = '';
let server: LoopbackServer;
// Items each feed serves; the test adds some between runs, as a live feed would.
const feedItems = new Map<string, number>([
  ['alpha', 5],
  ['beta', 5],
]);

beforeAll(async () => {
  server = await startLoopbackServer((request, response) => {
    const name = /^\/(\w+)\.xml$/.exec(request.url ?? '')?.[1] ?? '';
    const count = feedItems.get(name);
    if (count === undefined) {
      response.statusCode = 404;
      response.end();
      return;
    }
    response.setHeader('content-type', 'application/rss+xml');
    response.end(generateRss(count, name));
  });
  work = mkdtempSync(path.join(tmpdir(), 'newsmill-e2e-'));
});
afterAll(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

/**
 * better-sqlite3 has no prebuilt binary reachable here, so `npm install` compiles it with node-gyp
 * against the headers the npm config names, as this repo's own `npm ci` did (a minute or more on two
 * cores). That build is reused: prebuild-install takes a local prebuild named as its download would be.
 */
function localPrebuilds(): Record<string, string> {
  const binary = path.join(repoRoot, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  if (!existsSync(binary)) return {};
  const { version } = JSON.parse(
    readFileSync(path.join(repoRoot, 'node_modules/better-sqlite3/package.json'), 'utf8'),
  ) as { version: string };
  const folder = path.join(work, 'prebuilds');
  const stage = path.join(work, 'prebuild-stage');
  mkdirSync(path.join(stage, 'build/Release'), { recursive: true });
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(stage, 'build/Release/better_sqlite3.node'), readFileSync(binary));
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  execFileSync('tar', ['-czf', path.join(folder, name), '-C', stage, 'build']);
  return { npm_config_better_sqlite3_local_prebuilds: folder };
}

/**
 * Runs a command in the project and resolves with its output, or rejects with it. Asynchronous: the
 * feeds are served by this process, which must keep answering while the command runs.
 */
async function sh(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<string> {
  const child = spawn(command, args, {
    cwd: options.cwd ?? project,
    env: { ...process.env, ...options.env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`);
  return output;
}

function integrity(): string {
  const db = new Database(path.join(project, '.newsmill/newsmill.db'), { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

function siteText(): string {
  const pages = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? pages(path.join(dir, entry.name))
        : entry.name.endsWith('.html')
          ? [path.join(dir, entry.name)]
          : [],
    );
  return pages(path.join(project, 'public'))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
}

describe('Start your own site, end to end', () => {
  it('init → npm install → npm run update builds a site with posts', async () => {
    const init = await sh(process.execPath, [path.join(repoRoot, 'bin/newsmill.js'), 'init', 'my-news'], {
      cwd: work,
    });
    expect(init).toMatch(/^created my-news\/vendor\/newsmill-.*\.tgz \(newsmill .* packed, .* MB\)$/m);
    project = path.join(work, 'my-news');
    const manifest = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as {
      dependencies: { newsmill: string };
    };
    expect(manifest.dependencies.newsmill).toMatch(/^file:vendor\/newsmill-[\d.]+\.tgz$/);

    // The catalogue selection would reach RSSHub on the internet: loopback feeds replace it.
    const config = parseDocument(readFileSync(path.join(project, 'newsmill.yaml'), 'utf8'));
    config.delete('catalogue');
    config.set(
      'sources',
      [...feedItems.keys()].map((name) => ({
        url: `${server.url}/${name}.xml`,
        categories: ['测试', name, 'all'],
      })),
    );
    writeFileSync(path.join(project, 'newsmill.yaml'), config.toString());

    await sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { env: localPrebuilds() });
    const installed = JSON.parse(
      readFileSync(path.join(project, 'node_modules/newsmill/package.json'), 'utf8'),
    ) as { version: string };
    expect(manifest.dependencies.newsmill).toBe(`file:vendor/newsmill-${installed.version}.tgz`);

    await sh('npm', ['run', 'update']);
    const site = siteText();
    expect(site).toContain('alpha 4');
    expect(site).toContain('beta 0');
    expect(integrity()).toBe('ok');
  }, 180_000);

  it('a lock left by a run cancelled on another runner does not block the next run', async () => {
    const lock = path.join(project, '.newsmill/newsmill.db.lock');
    // The lock format of io/lock-file.ts, from a runner that was cancelled an hour ago.
    const anHourAgo = new Date(Date.now() - 3_600_000);
    const owner = {
      pid: 4242,
      host: 'fv-az123-456',
      started: anHourAgo.toISOString(),
      purpose: 'newsmill run',
      heartbeat: anHourAgo.toISOString(),
    };
    writeFileSync(lock, `${JSON.stringify(owner)}\n`);
    utimesSync(lock, anHourAgo, anHourAgo);
    feedItems.set('alpha', 7);
    await sh('npm', ['run', 'update']);
    expect(siteText()).toContain('alpha 6');
    expect(existsSync(lock)).toBe(false);
    expect(integrity()).toBe('ok');
  }, 60_000);

  it('a run killed mid-write leaves a store the workflow checkpoints, saves and updates again', async () => {
    for (let i = 0; i < 12; i++) feedItems.set(`bulk${i}`, 300);
    const config = parseDocument(readFileSync(path.join(project, 'newsmill.yaml'), 'utf8'));
    config.set(
      'sources',
      [...feedItems.keys()].map((name) => ({
        url: `${server.url}/${name}.xml`,
        categories: ['测试', name, 'all'],
      })),
    );
    writeFileSync(path.join(project, 'newsmill.yaml'), config.toString());
    const wal = path.join(project, '.newsmill/newsmill.db-wal');
    const bin = path.join(project, 'node_modules/newsmill/bin/newsmill.js');
    const child = spawn(process.execPath, [bin, 'run', '--config', 'newsmill.yaml'], {
      cwd: project,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    const startedAt = Date.now();
    const deadline = startedAt + 60_000;
    // Killed once the write-ahead log holds this run's writes: the store is then cut off mid-run.
    const written = (): boolean => {
      const log = existsSync(wal) ? statSync(wal) : null;
      return log !== null && log.size > 256 * 1024 && log.mtimeMs >= startedAt - 1000;
    };
    while (!written() && Date.now() < deadline && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    child.kill('SIGKILL');
    expect(await exited, `the run ended before it was killed:\n${stderr}`).toBe('SIGKILL');
    expect(statSync(wal).size).toBeGreaterThan(0);
    // The killed run's lock names a pid that is gone from this host.
    const lock = path.join(project, '.newsmill/newsmill.db.lock');
    expect(existsSync(lock)).toBe(true);

    // The workflow's steps after a cancelled run: checkpoint (if: always()) before the save, and the
    // next scheduled run.
    await sh('npx', ['--no-install', 'newsmill', 'checkpoint', '--config', 'newsmill.yaml']);
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
    expect(existsSync(lock)).toBe(false);
    expect(integrity()).toBe('ok');
    await sh('npm', ['run', 'update']);
    const site = siteText();
    expect(site).toMatch(/bulk11 \d+: /);
    expect(site).toContain('alpha 6');
    expect(integrity()).toBe('ok');
  }, 120_000);

  it('an installed newsmill (not a checkout) packs itself into the next project', async () => {
    const installed = path.join(project, 'node_modules/newsmill');
    const before = readdirSync(installed).sort();
    const output = await sh('npx', ['--no-install', 'newsmill', 'init', '../second']);
    expect(output).toMatch(/^created \.\.\/second\/vendor\/newsmill-.*\.tgz/m);
    const entries = (folder: string): string[] => {
      const [name = ''] = readdirSync(path.join(folder, 'vendor'));
      return execFileSync('tar', ['-tzf', path.join(folder, 'vendor', name)], { encoding: 'utf8' })
        .split('\n')
        .sort();
    };
    // The same files as the tarball packed from the checkout, and nothing left in node_modules.
    expect(entries(path.join(work, 'second'))).toEqual(entries(project));
    expect(readdirSync(installed).sort()).toEqual(before);
  }, 60_000);

  it('builds the image proxy Worker from the project, and it serves signed URLs only', async () => {
    const outfile = path.join(work, 'worker-bundle.mjs');
    // What wrangler does with main = "worker.js": esbuild for workerd, node: built-ins provided by
    // the nodejs_compat flag.
    await build({
      absWorkingDir: project,
      entryPoints: ['proxy-worker/worker.js'],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'],
      mainFields: ['browser', 'module', 'main'],
      external: ['node:*'],
      outfile,
      logLevel: 'silent',
    });
    const worker = (await import(pathToFileURL(outfile).href)) as {
      default: { fetch(request: Request, env: Record<string, string>): Promise<Response> };
    };
    const env = { NEWSMILL_PROXY_SECRET: 'e2e-secret' };
    const forged = await worker.default.fetch(
      new Request('https://w.example/i/00/aHR0cDovL2EuY24veC5qcGc'),
      env,
    );
    expect(forged.status).toBe(403);
    // Signed, but for a loopback address: refused before any connection (SSRF).
    const internal = signImageUrl(`${server.url}/x.png`, 'https://w.example', env.NEWSMILL_PROXY_SECRET);
    const refused = await worker.default.fetch(new Request(internal), env);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(await refused.text()).toMatch(/address|private|loopback|local/i);
    const unset = await worker.default.fetch(new Request(internal), {});
    expect(unset.status).toBe(500);
  }, 30_000);
});
