import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { repoRoot } from '../test-support/demo-site.js';
import { generateRss, startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server.js';
import { ExitCode } from './exit-codes.js';
import { registerRunCommand } from './run-command.js';
import { registerSourcesCommand } from './sources-command.js';

// The feeds' answers, per path: a status of 200 serves a small RSS document.
const statuses = new Map<string, number>();
let server: LoopbackServer;
let dir = '';
let savedExitCode: typeof process.exitCode;

beforeAll(async () => {
  server = await startLoopbackServer((request, response) => {
    const status = statuses.get(request.url ?? '') ?? 404;
    response.writeHead(status, { 'content-type': 'application/rss+xml' });
    response.end(status === 200 ? generateRss(2, request.url?.slice(1)) : 'down');
  });
});
afterAll(async () => server.close());
beforeEach(() => {
  savedExitCode = process.exitCode;
  process.exitCode = undefined;
  dir = mkdtempSync(path.join(tmpdir(), 'newsmill-strict-'));
  statuses.clear();
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = savedExitCode;
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a config with one source per feed path on the loopback server. */
function writeConfig(paths: string[]): string {
  const sources = paths.map(
    (p) => `  - { url: "${server.url}${p}", categories: [News, ${p.slice(1)}, all] }`,
  );
  const file = path.join(dir, 'newsmill.yaml');
  writeFileSync(
    file,
    `output: { hexo: hexo }\nfetch: { retries: 1, retryDelayMs: 0, timeoutMs: 5000 }\nsources:\n${sources.join('\n')}\n`,
  );
  return file;
}

/** Runs one newsmill command in this process, as `bin/newsmill.js` would, capturing its output. */
async function newsmill(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const program = new Command('newsmill').exitOverride();
  registerRunCommand(program);
  registerSourcesCommand(program);
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'newsmill', ...args]);
  } finally {
    vi.restoreAllMocks();
  }
  const status = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { status, stdout, stderr };
}

interface SourcesJson {
  ok: boolean;
  attention: string | null;
  sources: Array<{ key: string; status: string; needsAttention: boolean; reason: string | null }>;
}

/** `newsmill sources --json` and `sources --strict`, which must agree with each other. */
async function sourcesVerdict(config: string): Promise<{ json: SourcesJson; status: number; text: string }> {
  const listed = await newsmill(['sources', '--json', '--config', config]);
  expect(listed.status).toBe(0);
  const json = JSON.parse(listed.stdout) as SourcesJson;
  const checked = await newsmill(['sources', '--strict', '--config', config]);
  expect(checked.status).toBe(json.ok ? ExitCode.ok : ExitCode.sourcesFailed);
  return { json, status: checked.status, text: checked.stdout };
}

describe('run --strict and sources --json give one verdict', () => {
  it('passes when every source is healthy', async () => {
    statuses.set('/a', 200).set('/b', 200);
    const config = writeConfig(['/a', '/b']);
    const run = await newsmill(['run', '--strict', '--config', config]);
    expect(run.stdout).toMatch(/^sources: 2 ok, 0 failed$/m);
    expect(run.stdout).not.toMatch(/need attention/);
    expect(run.status).toBe(ExitCode.ok);
    const { json, status } = await sourcesVerdict(config);
    expect(status).toBe(ExitCode.ok);
    expect(json).toMatchObject({ ok: true, attention: null });
    expect(json.sources.map((source) => [source.needsAttention, source.reason])).toEqual([
      [false, null],
      [false, null],
    ]);
  });

  it('fails for a source failing in this run, naming it and the reason in one line', async () => {
    statuses.set('/a', 200).set('/down', 500);
    const config = writeConfig(['/a', '/down']);
    const run = await newsmill(['run', '--strict', '--config', config]);
    expect(run.status).toBe(ExitCode.sourcesFailed);
    const line = run.stdout.split('\n').find((text) => text.includes('need'));
    expect(line).toMatch(
      new RegExp(
        `^1 source needs attention: ${server.url}/down \\(HTTP 500 Internal Server Error, backing off until \\d\\d:\\d\\d UTC\\)$`,
      ),
    );
    // Without --strict one healthy source is enough, as before.
    statuses.set('/down', 500);
    expect((await newsmill(['run', '--force', '--config', config])).status).toBe(ExitCode.ok);
    const { json, status, text } = await sourcesVerdict(config);
    expect(status).toBe(ExitCode.sourcesFailed);
    expect(json.ok).toBe(false);
    expect(json.sources.find((source) => source.key.endsWith('/down'))).toMatchObject({
      needsAttention: true,
      reason: expect.stringMatching(
        /^HTTP 500 Internal Server Error, 2 failures in a row, backing off until \d\d:\d\d UTC$/,
      ),
    });
    expect(json.sources.find((source) => source.key.endsWith('/a'))).toMatchObject({ needsAttention: false });
    expect(text).toContain(json.attention);
  });

  it('fails for a source backing off after an earlier failure, though it is skipped now', async () => {
    statuses.set('/a', 200).set('/flaky', 503);
    const config = writeConfig(['/a', '/flaky']);
    expect((await newsmill(['run', '--config', config])).status).toBe(ExitCode.ok);
    await newsmill(['run', '--config', config]);
    // The server is fine again, but the source is not fetched before its backoff ends.
    statuses.set('/flaky', 200);
    const run = await newsmill(['run', '--strict', '--config', config]);
    expect(run.stderr).toMatch(/^skipped .*\/flaky: backing off/m);
    expect(run.stdout).toMatch(/^sources: 1 ok, 0 failed, 1 backing off$/m);
    expect(run.status).toBe(ExitCode.sourcesFailed);
    expect(run.stdout).toMatch(
      /^1 source needs attention: .*\/flaky \(HTTP 503 Service Unavailable, backing off until/m,
    );
    const before = await sourcesVerdict(config);
    expect(before.status).toBe(ExitCode.sourcesFailed);
    expect(before.json.sources.find((source) => source.key.endsWith('/flaky'))).toMatchObject({
      status: 'backing-off',
      needsAttention: true,
    });
    // A forced run reaches the recovered server, and the gate opens.
    const forced = await newsmill(['run', '--strict', '--force', '--config', config]);
    expect(forced.status).toBe(ExitCode.ok);
    const after = await sourcesVerdict(config);
    expect(after.json.ok).toBe(true);
    expect(after.status).toBe(ExitCode.ok);
  });

  it('fails for a source never fetched, and caps the line at five names', async () => {
    const paths = ['/n1', '/n2', '/n3', '/n4', '/n5', '/n6', '/n7'];
    const config = writeConfig(paths);
    const { json, status, text } = await sourcesVerdict(config);
    expect(status).toBe(ExitCode.sourcesFailed);
    expect(json.sources.every((source) => source.reason === 'never fetched')).toBe(true);
    expect(json.attention).toBe(
      `7 sources need attention: ${paths
        .slice(0, 5)
        .map((p) => `${server.url}${p} (never fetched)`)
        .join(', ')}, and 2 more`,
    );
    expect(text.trimEnd().split('\n').at(-1)).toBe(json.attention);
  });

  it('gives the same verdict through bin/newsmill.js, as a scheduled job runs it', async () => {
    // Asynchronous: the feeds are served by this process, which must keep answering meanwhile.
    const bin = (args: string[]): Promise<{ status: number; stdout: string }> =>
      new Promise((resolve) => {
        execFile(
          process.execPath,
          [path.join(repoRoot, 'bin/newsmill.js'), ...args],
          { cwd: dir },
          (error, stdout) => resolve({ status: error ? Number(error.code) : 0, stdout }),
        );
      });
    statuses.set('/a', 200).set('/late', 502);
    writeConfig(['/a', '/late']);
    expect((await bin(['run', '--strict'])).status).toBe(ExitCode.sourcesFailed);
    statuses.set('/late', 200);
    const skipped = await bin(['run', '--strict']);
    expect(skipped.stdout).toMatch(
      /^1 source needs attention: .*\/late \(HTTP 502 Bad Gateway, backing off until/m,
    );
    expect(skipped.status).toBe(ExitCode.sourcesFailed);
    const listed = await bin(['sources', '--json']);
    expect(listed.status).toBe(ExitCode.ok);
    expect(JSON.parse(listed.stdout)).toMatchObject({
      ok: false,
      attention: expect.stringContaining('/late ('),
    });
    expect((await bin(['sources', '--strict'])).status).toBe(ExitCode.sourcesFailed);
    expect((await bin(['run', '--strict', '--force'])).status).toBe(ExitCode.ok);
    expect(JSON.parse((await bin(['sources', 'list', '--json'])).stdout)).toMatchObject({ ok: true });
    expect((await bin(['sources', '--strict'])).status).toBe(ExitCode.ok);
  });
});
