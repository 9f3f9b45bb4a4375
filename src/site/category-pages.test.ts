import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import { runAllSources } from '../pipeline/run-all.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { copyDemo, listFiles } from '../test-support/demo-site.js';
import { buildSite } from './build-site.js';
import { storeFileOf } from '../test-support/store-file.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('category pages', () => {
  it('keeps categories whose names clean to the same folder, or to a file name, apart', async () => {
    dir = copyDemo();
    const config = parseConfigText(
      `sources:
  - { url: feeds/zaker.xml, categories: [Lang, C++, News] }
  - { url: feeds/juejin.xml, categories: [Lang, C#, News] }
  - { url: feeds/oschina.atom, categories: [Lang, Go, rss.xml] }
`,
      path.join(dir, 'newsmill.yaml'),
      {},
    );
    const store = openSqliteStore(storeFileOf(config));
    try {
      await runAllSources({ config, store });
      await buildSite({ config, store });
    } finally {
      await store.close();
    }
    const root = config.output.site;
    const headings = listFiles(root)
      .filter((file) => /^categories\/Lang\/[^/]+\/index\.html$/.test(file))
      .map((file) => /<h1>([^<]*)<\/h1>/.exec(readFileSync(path.join(root, file), 'utf8'))?.[1]);
    expect(headings.sort()).toEqual(['C#', 'C++', 'Go']);
    expect(
      listFiles(root).some((file) => /^categories\/Lang\/Go\/rss\.xml-[0-9a-f]{6}\/index\.html$/.test(file)),
    ).toBe(true);
  });
});
