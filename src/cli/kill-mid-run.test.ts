import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { listFiles, repoRoot } from '../test-support/demo-site.js';
import { generateRss, startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server.js';

const bin = path.join(repoRoot, 'bin/newsmill.js');
let dir = '';
let server: LoopbackServer | null = null;
afterEach(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

function start(args: string[]): {
  exited: Promise<{ code: number | null; signal: string | null; stdout: string }>;
  kill(): void;
} {
  const child = spawn(process.execPath, [bin, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.resume();
  return {
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout }))),
    kill: () => child.kill('SIGKILL'),
  };
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('kill -9 in the middle of a run', () => {
  it('leaves no partial post, an intact database, and the next run completes the work', async () => {
    let releaseSlow = false;
    server = await startLoopbackServer((request, response) => {
      if (request.url === '/big.xml') {
        response.end(generateRss(300, 'big'));
      } else if (releaseSlow) {
        response.end(generateRss(20, 'slow'));
      }
      // Otherwise the slow feed hangs, keeping the run busy while the big one is written.
    });
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-kill-'));
    writeFileSync(
      path.join(dir, 'newsmill.yaml'),
      `output: { hexo: hexo }
defaults: { limit: 1000 }
fetch: { concurrency: 2, timeoutMs: 60000 }
sources:
  - { url: "${server.url}/big.xml", categories: [test, big, all] }
  - { url: "${server.url}/slow.xml", categories: [test, slow, all] }
`,
    );
    const postsDir = path.join(dir, 'hexo/source/_posts');
    const posts = (): string[] => listFiles(postsDir).filter((file) => file.endsWith('.md'));

    const run = start(['run', '--config', 'newsmill.yaml']);
    await waitFor(() => posts().length >= 30, 20_000);
    run.kill();
    const killed = await run.exited;
    expect(killed.signal).toBe('SIGKILL');
    const written = posts();
    expect(written.length).toBeGreaterThanOrEqual(30);
    expect(written.length).toBeLessThan(320);
    for (const file of written) {
      const post = readFileSync(path.join(postsDir, file), 'utf8');
      expect(post.startsWith("\n---\ntitle: '")).toBe(true);
      expect(post.endsWith('  \n</div>\n            ')).toBe(true);
    }
    const db = new Database(path.join(dir, '.newsmill/newsmill.db'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();

    releaseSlow = true;
    const rerun = start(['run', '--config', 'newsmill.yaml']);
    const finished = await rerun.exited;
    expect(finished.code).toBe(0);
    expect(finished.stdout).toMatch(/sources: 2 ok, 0 failed/);
    expect(posts()).toHaveLength(320);
    expect(listFiles(postsDir).filter((file) => file.includes('.newsmill-tmp-'))).toEqual([]);
  });
});
