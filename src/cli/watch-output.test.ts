import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyDemo, repoRoot } from '../test-support/demo-site.js';

const bin = path.join(repoRoot, 'bin/newsmill.js');
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// Any C0 control but tab and line feed, DEL, C1, bidi embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('newsmill watch output', () => {
  it('prints the rebuild’s warnings without terminal controls, as build does', async () => {
    dir = copyDemo();
    expect(spawnSync(process.execPath, [bin, 'build'], { cwd: dir }).status).toBe(0);
    // A site manifest left by anyone who could write the site folder: the path it lists is refused,
    // and the warning quotes it.
    const manifestPath = path.join(dir, 'public/.newsmill-site.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: string[] };
    // `files` lists each path followed by its content digest.
    manifest.files.push('../\u001b]0;PWNED\u0007\u001b[2J\u009b31m\u202eevil.txt', 'digest');
    writeFileSync(manifestPath, JSON.stringify(manifest));

    const child = spawn(process.execPath, [bin, 'watch'], { cwd: dir });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // One signal: a second one means "stop now" and skips the pending rebuild.
      if (/site rebuilt/.test(stderr) && !child.killed) child.kill('SIGTERM');
    });
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/warning: not deleting a file an earlier build listed: .*evil\.txt/);
    expect(stderr).not.toMatch(TERMINAL_CONTROL);
  });
});
