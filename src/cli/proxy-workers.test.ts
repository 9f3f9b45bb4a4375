import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../proxy/testdata/fake-upstream.js';
import { signImageUrl } from '../proxy/url-signing.js';
import { repoRoot } from '../test-support/demo-site.js';

const secret = 'cluster-test-secret-0123456789';
const bin = path.join(repoRoot, 'bin/newsmill.js');
let upstream: FakeUpstream;
let dir = '';
let child: ChildProcessWithoutNullStreams | null = null;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
afterEach(() => {
  child?.kill('SIGKILL');
  child = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

interface LogLine {
  msg: string;
  url?: string;
  worker?: number;
  pid?: number;
  workers?: number;
}

/** Starts `newsmill proxy` with these flags; `next` waits for the next log line matching a test. */
function startProxy(args: string[]) {
  child = spawn(process.execPath, [bin, 'proxy', '--port', '0', ...args], {
    env: { ...process.env, NEWSMILL_PROXY_SECRET: secret },
  });
  const lines: LogLine[] = [];
  const waiting: Array<{ test: (line: LogLine) => boolean; resolve: (line: LogLine) => void }> = [];
  let buffered = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const text of parts) {
      // Log lines are JSON; an error the command prints before logging starts is not.
      if (!text.startsWith('{')) continue;
      const line = JSON.parse(text) as LogLine;
      lines.push(line);
      for (const waiter of waiting.filter((entry) => entry.test(line))) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const next = (test: (line: LogLine) => boolean, seen = 0): Promise<LogLine> => {
    const found = lines.filter(test)[seen];
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => waiting.push({ test, resolve }));
  };
  const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
  return { lines, next, exited, stderr: () => stderr };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('newsmill proxy --workers', () => {
  it('serves from n processes with a cache folder each, restarts a dead one, and stops them all', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-proxy-workers-'));
    const cache = path.join(dir, 'cache');
    const proxy = startProxy([
      '--workers',
      '2',
      '--cache-dir',
      cache,
      '--allow-upstream',
      new URL(upstream.url).host,
    ]);
    const ready = await proxy.next((line) => line.msg === 'image proxy listening');
    expect(ready.workers).toBe(2);
    const base = ready.url ?? '';
    const started = proxy.lines.filter((line) => line.msg === 'proxy worker listening');
    expect(new Set(started.map((line) => line.worker))).toEqual(new Set([1, 2]));
    const pids = started.map((line) => line.pid ?? 0);
    expect(new Set(pids).size).toBe(2);
    expect(pids).not.toContain(child?.pid);

    const image = signImageUrl(`${upstream.url}/a.png`, base, secret);
    for (let index = 0; index < 6; index++) {
      const answer = await request(image, { reset: true });
      expect(answer.statusCode).toBe(200);
      await answer.body.dump();
    }
    expect(existsSync(path.join(cache, 'worker-1'))).toBe(true);
    expect(existsSync(path.join(cache, 'worker-2'))).toBe(true);

    // A worker killed outright is restarted in its slot, with its cache folder.
    const [first] = started;
    process.kill(first?.pid ?? 0, 'SIGKILL');
    const restarted = await proxy.next(
      (line) => line.msg === 'proxy worker listening' && line.worker === first?.worker,
      1,
    );
    expect(restarted.pid).not.toBe(first?.pid);
    const again = await request(image, { reset: true });
    expect(again.statusCode).toBe(200);
    await again.body.dump();

    // SIGTERM to the primary stops every worker, and the command exits cleanly.
    child?.kill('SIGTERM');
    expect(await proxy.exited).toBe(0);
    const workerPids = proxy.lines.flatMap((line) =>
      line.msg === 'proxy worker listening' ? [line.pid ?? 0] : [],
    );
    expect(workerPids.filter(alive)).toEqual([]);
  }, 30_000);

  it('leaves no worker behind when the primary is killed outright', async () => {
    const proxy = startProxy(['--workers', '2']);
    await proxy.next((line) => line.msg === 'image proxy listening');
    const pids = proxy.lines.flatMap((line) =>
      line.msg === 'proxy worker listening' ? [line.pid ?? 0] : [],
    );
    expect(pids.filter(alive)).toHaveLength(2);
    child?.kill('SIGKILL');
    await proxy.exited;
    const deadline = Date.now() + 10_000;
    while (pids.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pids.filter(alive)).toEqual([]);
  }, 20_000);

  it('stops with an error when a worker keeps dying, here on a cache folder it cannot make', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-proxy-workers-'));
    writeFileSync(path.join(dir, 'file'), 'not a folder');
    const proxy = startProxy(['--workers', '2', '--cache-dir', path.join(dir, 'file', 'cache')]);
    expect(await proxy.exited).toBe(1);
    expect(proxy.stderr()).toMatch(
      /proxy worker \d exited 5 times within a minute \(last: code \d+\); stopping the proxy/,
    );
    expect(proxy.lines.some((line) => line.msg === 'image proxy listening')).toBe(false);
  }, 20_000);

  it('refuses a worker count that is not a whole number from 1 to 64', async () => {
    const proxy = startProxy(['--workers', '0']);
    expect(await proxy.exited).not.toBe(0);
    expect(proxy.stderr()).toMatch(/--workers: expected a whole number from 1 to 64, got "0"/);
  });
});
