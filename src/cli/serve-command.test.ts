import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { rawRequest } from '../test-support/raw-request.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import { registerServeCommand, type ServeCommandOptions } from './serve-command.js';

let dir = '';
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `newsmill serve --port 0` on a config in `dir`; returns its URL, its output and how to stop it. */
async function startServe(
  serveOptions: ServeCommandOptions,
): Promise<{ base: string; lines: string[]; stop(): Promise<void> }> {
  writeFileSync(path.join(dir, 'newsmill.yaml'), 'site:\n  url: http://127.0.0.1/\n');
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
  const program = new Command('newsmill').exitOverride();
  registerServeCommand(program, serveOptions);
  const running = program.parseAsync([
    'node',
    'newsmill',
    'serve',
    '--config',
    path.join(dir, 'newsmill.yaml'),
    '--port',
    '0',
  ]);
  await vi.waitFor(() => expect(lines.join('')).toMatch(/^serving /));
  const base = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(lines.join(''))?.[1] ?? '';
  return {
    base,
    lines,
    stop: async () => {
      process.emit('SIGTERM');
      await running;
    },
  };
}

describe('newsmill serve', () => {
  it('serves output.site on the given port and mounts the image proxy it is given', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-serve-'));
    mkdirSync(path.join(dir, 'public'));
    writeFileSync(path.join(dir, 'public/index.html'), '<h1>home</h1>');
    const serve = await startServe({ imageProxy: () => (_request, response) => void response.end('image') });
    expect(serve.lines.join('')).toMatch(
      /^serving .+ at http:\/\/127\.0\.0\.1:\d+\/ \(image proxy at \/i\/\)\n$/,
    );
    expect(await (await fetch(`${serve.base}/`)).text()).toBe('<h1>home</h1>');
    expect(await (await fetch(`${serve.base}/i/x/y`)).text()).toBe('image');
    await serve.stop();
  });

  it('keeps serving through traversal, symlinks out of the site and a failing image proxy', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-serve-'));
    mkdirSync(path.join(dir, 'public'));
    mkdirSync(path.join(dir, 'private'));
    writeFileSync(path.join(dir, 'public/index.html'), '<h1>home</h1>');
    writeFileSync(path.join(dir, 'private/key.txt'), 'PRIVATE');
    symlinkSync(path.join(dir, 'private'), path.join(dir, 'public/private'));
    symlinkSync('/etc', path.join(dir, 'public/etc'));
    const serve = await startServe({
      imageProxy: () => () => {
        throw new Error('proxy bug');
      },
    });
    for (const target of ['/private/key.txt', '/etc/passwd', '/..%2Fprivate%2Fkey.txt', '//..%2Fx']) {
      const response = await rawRequest(serve.base, target);
      expect(response.status, target).toBe(404);
      expect(response.body, target).toBe('Not found\n');
    }
    expect((await rawRequest(serve.base, '/i/x/y')).status).toBe(500);
    expect((await rawRequest(serve.base, '/')).body).toBe('<h1>home</h1>');
    await serve.stop();
  });

  it('refuses a --port that is not a port as a usage error, exit code 2', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-serve-'));
    writeFileSync(path.join(dir, 'newsmill.yaml'), 'site:\n  url: http://127.0.0.1/\n');
    const program = new Command('newsmill').exitOverride();
    registerServeCommand(program);
    const config = path.join(dir, 'newsmill.yaml');
    const failure = await program
      .parseAsync(['node', 'newsmill', 'serve', '--config', config, '--port', '70000'])
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as Error).message).toBe('--port: not a port: 70000');
    expect(exitCodeFor(failure)).toBe(ExitCode.usage);
  });
});
