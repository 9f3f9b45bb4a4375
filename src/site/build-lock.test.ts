import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { OutputError } from '../core/errors.js';
import { acquireBuildLock, buildLockPath } from './build-lock.js';
import { buildSite } from './build-site.js';
import { prepareDemoStore, withSiteOutput, type DemoStore } from '../test-support/demo-build.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'newsmill-lock-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

describe('acquireBuildLock', () => {
  const site = (): string => path.join(dir, 'public');
  afterEach(() => rmSync(buildLockPath(site()), { force: true }));

  it('refuses a second build of the same site until the first releases it', async () => {
    const lock = await acquireBuildLock(site());
    const second = acquireBuildLock(site());
    await expect(second).rejects.toThrow(OutputError);
    await expect(second).rejects.toThrow(`another newsmill build (process ${process.pid}`);
    await expect(second).rejects.toThrow(site());
    await lock.release();
    expect(existsSync(buildLockPath(site()))).toBe(false);
    await (await acquireBuildLock(site())).release();
  });

  it('takes over the lock of a build whose process is gone', async () => {
    writeFileSync(
      buildLockPath(site()),
      JSON.stringify({ pid: deadPid(), host: hostname(), started: 'then' }),
    );
    const lock = await acquireBuildLock(site());
    expect(JSON.parse(readFileSync(buildLockPath(site()), 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  it('keeps the lock of a build on another machine while it beats, and takes it over once it stops', async () => {
    const remote = (beat: Date): void => {
      const owner = {
        pid: 4242,
        host: 'elsewhere',
        started: beat.toISOString(),
        heartbeat: beat.toISOString(),
      };
      writeFileSync(buildLockPath(site()), JSON.stringify(owner));
      utimesSync(buildLockPath(site()), beat, beat);
    };
    remote(new Date());
    await expect(acquireBuildLock(site())).rejects.toThrow('on elsewhere');
    // A cancelled CI build restored on another runner: silent for ten minutes.
    remote(new Date(Date.now() - 10 * 60_000));
    const lock = await acquireBuildLock(site());
    expect(lock.tookOver?.owner).toMatchObject({ pid: 4242, host: 'elsewhere' });
    expect(JSON.parse(readFileSync(buildLockPath(site()), 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  it('waits out an empty lock that may be one being created, and takes over an old one', async () => {
    writeFileSync(buildLockPath(site()), '');
    await expect(acquireBuildLock(site())).rejects.toThrow(`another newsmill build is writing ${site()}`);
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(buildLockPath(site()), minuteAgo, minuteAgo);
    await (await acquireBuildLock(site())).release();
  });

  it('leaves a lock that another build took over', async () => {
    const lock = await acquireBuildLock(site());
    const other = JSON.stringify({ pid: process.ppid, host: hostname(), started: 'now' });
    writeFileSync(buildLockPath(site()), other);
    await lock.release();
    expect(readFileSync(buildLockPath(site()), 'utf8')).toBe(other);
  });

  it('keeps the sites of different folders apart', async () => {
    const one = await acquireBuildLock(site());
    const two = await acquireBuildLock(path.join(dir, 'other'));
    await Promise.all([one.release(), two.release()]);
  });
});

describe('buildSite under the lock', () => {
  let demo: DemoStore;
  beforeAll(async () => {
    demo = await prepareDemoStore();
  });
  afterAll(() => demo.dispose());

  it('fails a concurrent build of the same fresh site by name and lets the first finish whole', async () => {
    const config = withSiteOutput(demo.config, path.join(demo.dir, 'concurrent'));
    // The first build is held inside its lock (its store answers once the gate opens), so that the
    // second surely runs meanwhile: started side by side, the second could find the first finished
    // on a loaded machine, and rightly build after it.
    let openGate = (): void => undefined;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const held = new Proxy(demo.store, {
      get(target, name) {
        if (name === 'listItemHeaders') return () => gate.then(() => target.listItemHeaders());
        const value: unknown = Reflect.get(target, name);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const first = buildSite({ config, store: held });
    await vi.waitFor(() => expect(existsSync(buildLockPath(config.output.site))).toBe(true));
    await expect(buildSite({ config, store: demo.store })).rejects.toThrow('another newsmill build');
    openGate();
    expect((await first).written).toBeGreaterThan(0);
    expect(existsSync(path.join(config.output.site, 'index.html'))).toBe(true);
    expect(existsSync(buildLockPath(config.output.site))).toBe(false);
    // The lock is free again, also after a failed build.
    const again = await buildSite({ config, store: demo.store });
    expect(again.written).toBe(0);
  });
});
