import { rmSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { damageTable } from '../test-support/damaged-store.js';
import { copyDemo } from '../test-support/demo-site.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import { registerRunCommand } from './run-command.js';
import { storeFileOf } from '../test-support/store-file.js';

let dir = '';
afterEach(() => {
  vi.restoreAllMocks();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

describe('newsmill run', () => {
  it('stops with exit code 1 and one message saying how to restore a damaged store', async () => {
    dir = copyDemo();
    const configFile = path.join(dir, 'newsmill.yaml');
    const storePath = storeFileOf(loadConfig(configFile, {}));
    await openSqliteStore(storePath).close();
    damageTable(storePath, 'items');
    const printed: string[] = [];
    const capture = (chunk: unknown): boolean => (printed.push(String(chunk)), true);
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    const program = new Command('newsmill').exitOverride();
    registerRunCommand(program);
    const error = await program.parseAsync(['node', 'newsmill', 'run', '--config', configFile]).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toMatchObject({ name: 'StoreUnusableError', fault: 'damaged' });
    expect(exitCodeFor(error)).toBe(ExitCode.internal);
    expect((error as Error).message).toContain(`the store ${storePath} is damaged`);
    expect((error as Error).message).toContain('`newsmill export`');
    // Not one line per source ("failed …: cannot save items … malformed"), nor a summary.
    expect(printed.join('')).not.toMatch(/failed|malformed|^sources:/m);
  });

  it('maps each kind of failure to its documented exit code', async () => {
    const { ConfigError, FetchError, ParseError } = await import('../core/errors.js');
    const { StoreUnusableError } = await import('../store/store-faults.js');
    expect(exitCodeFor(new ConfigError('x'))).toBe(ExitCode.usage);
    expect(exitCodeFor(new FetchError('x', 'u'))).toBe(ExitCode.badInput);
    expect(exitCodeFor(new ParseError('x'))).toBe(ExitCode.badInput);
    expect(exitCodeFor(new StoreUnusableError('x', 'full', 'f'))).toBe(ExitCode.internal);
    expect(exitCodeFor(new Error('x'))).toBe(ExitCode.internal);
  });
});
