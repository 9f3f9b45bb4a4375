import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import { generateRss, startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server.js';
import { storeFileOf } from '../test-support/store-file.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { openTestStore } from '../test-support/test-store.js';
import { runAllSources } from './run-all.js';

let server: LoopbackServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('a run writes posts behind its fetches', () => {
  it('fetches the next feed while the posts of the one before are still being written', async () => {
    const requestedAt = new Map<string, number>();
    server = await startLoopbackServer((request, response) => {
      requestedAt.set(request.url ?? '', performance.now());
      const count = request.url === '/big.xml' ? 300 : 1;
      response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(generateRss(count, 'p'));
    });
    const dir = tempFolder('newsmill-trailing-');
    // One fetch at a time: the only way for the second feed to be asked for before the first
    // one's 300 posts are on disk is that writing them does not hold the fetch slot.
    const text = `
output: { hexo: hexo }
fetch: { concurrency: 1, perHost: 1 }
defaults: { limit: 300 }
sources:
  - { url: "${server.url}/big.xml", categories: [a, big, x] }
  - { url: "${server.url}/small.xml", categories: [a, small, x] }
`;
    const config = parseConfigText(text, path.join(dir, 'newsmill.yaml'), {});
    const store = openTestStore(storeFileOf(config));
    const doneAt = new Map<string, number>();
    const summary = await runAllSources({
      config,
      store,
      onEvent: (event) => {
        if (event.type === 'source-done') doneAt.set(event.outcome.source.key, performance.now());
      },
    });
    expect(summary.filesWritten).toBe(301);
    const big = config.sources[0]?.key ?? '';
    expect(readdirSync(path.join(dir, 'hexo', 'source', '_posts', 'a', 'big', 'x'))).toHaveLength(300);
    // The big feed's posts were counted once written, after the small feed had been asked for.
    expect(requestedAt.get('/small.xml')).toBeLessThan(doneAt.get(big) ?? 0);
    expect(summary.outcomes.find((outcome) => outcome.source.key === big)?.filesWritten).toBe(300);
  });
});
