import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerServeCommand } from './serve-command.js';

let dir = '';
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('newsmill serve', () => {
  it('serves output.site on the given port and mounts the image proxy it is given', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-serve-'));
    mkdirSync(path.join(dir, 'public'));
    writeFileSync(path.join(dir, 'public/index.html'), '<h1>home</h1>');
    writeFileSync(path.join(dir, 'newsmill.yaml'), 'site:\n  url: http://127.0.0.1/\n');
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
    const program = new Command('newsmill').exitOverride();
    registerServeCommand(program, { imageProxy: () => (_request, response) => void response.end('image') });
    const running = program.parseAsync([
      'node',
      'newsmill',
      'serve',
      '--config',
      path.join(dir, 'newsmill.yaml'),
      '--port',
      '0',
    ]);
    await vi.waitFor(() =>
      expect(lines.join('')).toMatch(
        /^serving .+ at http:\/\/127\.0\.0\.1:\d+\/ \(image proxy at \/i\/\)\n$/,
      ),
    );
    const base = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(lines.join(''))?.[1];
    expect(await (await fetch(`${base}/`)).text()).toBe('<h1>home</h1>');
    expect(await (await fetch(`${base}/i/x/y`)).text()).toBe('image');
    process.emit('SIGTERM');
    await running;
  });
});
