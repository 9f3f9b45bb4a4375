import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/load-config.js';
import type { Config } from '../config/resolve-config.js';
import { runAllSources } from '../pipeline/run-all.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { copyDemo } from './demo-site.js';
import { storeFileOf } from './store-file.js';

/** A copy of the bundled demo with its items stored, ready to build a site from. */
export interface DemoStore {
  dir: string;
  config: Config;
  store: Store;
  dispose(): Promise<void>;
}

/** Copies the demo to a temp folder, optionally overrides `site.perPage`, and runs the pipeline. */
export async function prepareDemoStore(perPage?: number): Promise<DemoStore> {
  const dir = copyDemo();
  const file = path.join(dir, 'newsmill.yaml');
  if (perPage !== undefined) {
    const text = readFileSync(file, 'utf8').replace(/^site:\n/m, `site:\n  perPage: ${perPage}\n`);
    writeFileSync(file, text);
  }
  // The Hexo output is another stage's business; the site is built from the store alone.
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^ {2}hexo: .*\n/m, ''));
  const config = loadConfig(file, {});
  const store = openSqliteStore(storeFileOf(config));
  await runAllSources({ config, store });
  return {
    dir,
    config,
    store,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The same config, building into another folder. */
export function withSiteOutput(config: Config, site: string): Config {
  return { ...config, output: { ...config.output, site } };
}
