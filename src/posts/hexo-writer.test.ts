import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import { runAllSources } from '../pipeline/run-all.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { copyDemo, listFiles } from '../test-support/demo-site.js';
import { createHexoWriter } from './hexo-writer.js';

let dir = '';
let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
  rmSync(dir, { recursive: true, force: true });
});

const ZAKER = 'feeds/zaker.xml';

function setup() {
  dir = copyDemo();
  const config = parseConfigText(
    `output: { hexo: hexo }\nsources:\n  - { url: ${ZAKER}, categories: [新媒体, ZAKER, source] }\n`,
    path.join(dir, 'newsmill.yaml'),
    {},
  );
  store = openSqliteStore(config.storePath);
  const victim = path.join(dir, 'victim');
  mkdirSync(victim);
  writeFileSync(path.join(victim, 'important.txt'), 'keep me');
  return { config, store, victim, postsDir: path.join(dir, 'hexo/source/_posts') };
}

describe('the Hexo writer with untrusted recorded paths', () => {
  it('never deletes a recorded file outside the posts folder, and warns naming it', async () => {
    const { config, store, victim } = setup();
    await runAllSources({ config, store });
    // A store restored from a cache or an edited export: the record points at someone else's file.
    const [item] = await store.listItems(ZAKER);
    const recorded = '../../../victim/important.txt';
    await store.recordOutputFile('hexo', ZAKER, item?.identity ?? '', recorded);

    const summary = await runAllSources({ config, store });
    expect(readFileSync(path.join(victim, 'important.txt'), 'utf8')).toBe('keep me');
    const warnings = summary.outcomes.flatMap((outcome) => outcome.warnings);
    expect(warnings).toEqual([expect.stringContaining(JSON.stringify(recorded))]);
    expect(warnings[0]).toMatch(/outside/);
    // The post keeps a proper name of its own, and its record now names it.
    const own = await store.getOutputFile('hexo', ZAKER, item?.identity ?? '');
    expect(own).toMatch(/^新媒体\/ZAKER\/source\/.+\.md$/);
    expect(summary.outcomes[0]?.itemErrors).toEqual([]);
  });

  it('does not take a recorded name that is no post file name', async () => {
    const { config, store } = setup();
    await runAllSources({ config, store });
    const [item] = await store.listItems(ZAKER);
    await store.recordOutputFile('hexo', ZAKER, item?.identity ?? '', 'x/../../evil.sh');
    await runAllSources({ config, store });
    const own = await store.getOutputFile('hexo', ZAKER, item?.identity ?? '');
    expect(own).toMatch(/^新媒体\/ZAKER\/source\/.+-[0-9a-f]{12}\.md$/);
  });

  it('writes nothing through a category folder that is a symlink leaving the posts folder', async () => {
    const { config, store, victim, postsDir } = setup();
    mkdirSync(postsDir, { recursive: true });
    symlinkSync(victim, path.join(postsDir, '新媒体'));

    const summary = await runAllSources({ config, store });
    expect(readdirSync(victim)).toEqual(['important.txt']);
    const errors = summary.outcomes[0]?.itemErrors ?? [];
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(error).toContain(`is a symbolic link to ${victim}`);
  });

  it('sweeps stale temp files without following a symlinked folder out of the posts folder', async () => {
    const { store, victim, postsDir } = setup();
    const temp = path.join(victim, '.a.md.newsmill-tmp-0123456789ab');
    writeFileSync(temp, 'not newsmill’s');
    mkdirSync(path.join(postsDir, 'own'), { recursive: true });
    writeFileSync(path.join(postsDir, 'own/.b.md.newsmill-tmp-0123456789ab'), 'left by a kill');
    symlinkSync(victim, path.join(postsDir, 'linked'));

    await createHexoWriter(path.join(dir, 'hexo'), store).prepare();
    expect(existsSync(temp)).toBe(true);
    expect(listFiles(postsDir)).toEqual([]);
  });
});
