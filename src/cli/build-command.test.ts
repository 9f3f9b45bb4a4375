import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { prepareDemoStore, type DemoStore } from '../site/testing/demo-build.js';
import { registerBuildCommand } from './build-command.js';

let demo: DemoStore | null = null;
afterEach(async () => {
  vi.restoreAllMocks();
  await demo?.dispose();
  demo = null;
});

describe('newsmill build', () => {
  it('builds the site into output.site and prints a summary', async () => {
    demo = await prepareDemoStore();
    await demo.store.close();
    const output: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (output.push(String(chunk)), true));
    const program = new Command('newsmill').exitOverride();
    registerBuildCommand(program);
    await program.parseAsync(['node', 'newsmill', 'build', '--config', path.join(demo.dir, 'newsmill.yaml')]);
    expect(output.join('')).toMatch(
      /^posts: 24\nfiles: \d+ \(\d+ written, 0 unchanged, 0 skipped, 0 deleted\)\nsite: .+ in [\d.]+ s\nopen: .+public\/index\.html, or preview it with: newsmill serve --config .+newsmill\.yaml\n$/,
    );
    expect(existsSync(path.join(demo.dir, 'public/index.html'))).toBe(true);
    demo.store = { close: async () => undefined } as DemoStore['store'];
  });
});
