import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAllSources } from '../pipeline/run-all.js';
import { copyDemo, listFiles } from '../test-support/demo-site.js';
import { loadConfig, loadConfigAsync } from './load-config.js';
import { storeFileOf } from '../test-support/store-file.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { openTestStore } from '../test-support/test-store.js';

describe('the catalogue demo (examples/demo/newsmill.catalogue.yaml)', () => {
  it('selects routes from the bundled catalogue, resolves them to bundled feeds and files posts under their categories', async () => {
    const dir = copyDemo(tempFolder('newsmill-catalogue-'));
    const config = loadConfig(path.join(dir, 'newsmill.catalogue.yaml'), {});
    expect(config.warnings).toEqual([]);
    expect(config.sources.map((s) => [s.key, s.categories.join('/')])).toEqual([
      ['rsshub:/36kr/news/latest', '新媒体/36kr/资讯'],
      ['rsshub:/zaker/source/12291', '新媒体/ZAKER/source'],
      ['rsshub:/juejin/category/frontend', '编程/掘金/分类'],
      ['rsshub:/oschina/news/industry', '编程/开源中国/资讯'],
      ['rsshub:/dockone/weekly', '编程/Dockone/周报'],
      ['rsshub:/cnbeta', '新媒体/cnBeta/最新'],
    ]);
    // Its docs are local files: the asynchronous loader reads them without fetching anything.
    const noFetch = (url: string): Promise<string> => Promise.reject(new Error(`fetched ${url}`));
    expect(await loadConfigAsync(path.join(dir, 'newsmill.catalogue.yaml'), {}, noFetch)).toEqual(config);

    const store = openTestStore(storeFileOf(config));
    const summary = await runAllSources({ config, store });
    expect(summary.outcomes.map((o) => [o.source.key, o.error])).toEqual(
      config.sources.map((s) => [s.key, null]),
    );
    const postsRoot = path.join(dir, '.newsmill/catalogue/hexo/source/_posts');
    const folders = new Set(listFiles(postsRoot).map((file) => path.dirname(file)));
    expect([...folders].sort()).toEqual(
      [
        '新媒体/36kr/资讯',
        '新媒体/ZAKER/source',
        '新媒体/cnBeta/最新',
        '编程/Dockone/周报',
        '编程/开源中国/资讯',
        '编程/掘金/分类',
      ].sort(),
    );
    // The hand-written 36kr source (limit: 3) won over the selected route of the same url.
    expect(readdirSync(path.join(postsRoot, '新媒体/36kr/资讯'))).toHaveLength(3);
    expect(summary.filesWritten).toBe(summary.itemsNew);
  });
});
