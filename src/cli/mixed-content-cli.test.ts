import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyDemo, repoRoot } from '../test-support/demo-site.js';

const bin = path.join(repoRoot, 'bin/newsmill.js');
const WARNING =
  'warning: site.url is https but proxy has no base or template: plain-http images will be blocked as mixed ' +
  'content; set proxy.base and run `newsmill proxy` (secret in NEWSMILL_PROXY_SECRET), or set proxy.template';
let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

/** The demo (an https site) with its proxy template removed, or with other edits. */
function demoConfig(edit: (text: string) => string): void {
  dir = copyDemo();
  const file = path.join(dir, 'newsmill.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
}

const withoutTemplate = (text: string): string => text.replace(/^ {2}template: .*\n/m, '');

function warningsIn(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.includes('mixed content'));
}

describe('the mixed-content warning on the command line', () => {
  it('run warns once for an https site without a proxy, and not for an http site', () => {
    demoConfig(withoutTemplate);
    const run = (): ReturnType<typeof spawnSync> =>
      spawnSync(process.execPath, [bin, 'run', '--config', 'newsmill.yaml'], { cwd: dir, encoding: 'utf8' });
    const https = run();
    expect(https.status).toBe(0);
    expect(warningsIn(String(https.stderr))).toEqual([WARNING]);
    const file = path.join(dir, 'newsmill.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('url: https://', 'url: http://'));
    const http = run();
    expect(http.status).toBe(0);
    expect(warningsIn(String(http.stderr))).toEqual([]);
  });

  it('watch warns once at start, not again on each rebuild', async () => {
    demoConfig(withoutTemplate);
    const child = spawn(process.execPath, [bin, 'watch', '--config', 'newsmill.yaml'], { cwd: dir });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no cycle line: ${stderr}`)), 20_000);
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/cycle 1:/.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/site rebuilt/);
    expect(warningsIn(stderr)).toEqual([WARNING]);
    // Before the first fetch, so that it is seen when watch starts.
    expect(stderr.indexOf(WARNING)).toBeLessThan(stderr.indexOf('watching'));
  });
});
