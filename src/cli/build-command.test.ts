import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { prepareDemoStore, type DemoStore } from '../test-support/demo-build.js';
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

  it('warns once, on stderr, when an https site has no proxy for its plain-http images', async () => {
    demo = await prepareDemoStore();
    await demo.store.close();
    const file = path.join(demo.dir, 'newsmill.yaml');
    const demoText = readFileSync(file, 'utf8');
    const build = async (text: string): Promise<string[]> => {
      writeFileSync(file, text);
      const stderr: string[] = [];
      vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
      const program = new Command('newsmill').exitOverride();
      registerBuildCommand(program);
      try {
        await program.parseAsync(['node', 'newsmill', 'build', '--config', file]);
      } finally {
        vi.restoreAllMocks();
      }
      return stderr
        .join('')
        .split('\n')
        .filter((line) => line.includes('mixed content'));
    };
    // The demo is https with a template: nothing to say.
    expect(demoText).toMatch(/url: https:.*\n[^]*template: https:/);
    expect(await build(demoText)).toEqual([]);
    const noTemplate = demoText.replace(/^ {2}template: .*\n/m, '');
    expect(await build(noTemplate)).toEqual([
      'warning: site.url is https but proxy has no base or template: plain-http images will be blocked as ' +
        'mixed content; set proxy.base and run `newsmill proxy` (secret in NEWSMILL_PROXY_SECRET), or set proxy.template',
    ]);
    expect(await build(noTemplate.replace('url: https://', 'url: http://'))).toEqual([]);
    demo.store = { close: async () => undefined } as DemoStore['store'];
  });
});
