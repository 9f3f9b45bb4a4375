import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { listFiles } from '../test-support/demo-site.js';
import { prepareDemoStore, type DemoStore } from '../test-support/demo-build.js';
import type * as CleaningKey from '../content/cleaning-key.js';
import type * as ProcessContent from '../content/process-content.js';
import { buildSite } from './build-site.js';

// A new CLEANER_VERSION, as a sanitizer fix ships: the cleaning key moves, and cleaning gives other HTML.
const cleaner = vi.hoisted(() => ({ version: 1 }));
vi.mock('../content/cleaning-key.js', async (importOriginal) => {
  const actual = await importOriginal<typeof CleaningKey>();
  return {
    ...actual,
    cleaningKey: (settings: Parameters<typeof actual.cleaningKey>[0]) =>
      `${actual.cleaningKey(settings).slice(0, 30)}v${cleaner.version}`,
  };
});
vi.mock('../content/process-content.js', async (importOriginal) => {
  const actual = await importOriginal<typeof ProcessContent>();
  return {
    ...actual,
    processItemContent: (...args: Parameters<typeof actual.processItemContent>) => {
      const content = actual.processItemContent(...args);
      return cleaner.version === 1 ? content : { ...content, html: `${content.html}<p>cleaner-v2</p>` };
    },
  };
});

let demo: DemoStore | null = null;
afterAll(async () => {
  await demo?.dispose();
});

describe('a new cleaner version', () => {
  it('re-renders every post page of a built site with the new cleaner’s output', async () => {
    demo = await prepareDemoStore();
    const { config, store } = demo;
    await buildSite({ config, store });
    const posts = listFiles(config.output.site).filter((file) => file.startsWith('posts/'));
    expect(posts.length).toBeGreaterThan(10);
    cleaner.version = 2;
    // A new process: the config is read again.
    await buildSite({ config: { ...config }, store });
    const stale = posts.filter(
      (file) => !readFileSync(path.join(config.output.site, file), 'utf8').includes('cleaner-v2'),
    );
    expect(stale).toEqual([]);
  });
});
