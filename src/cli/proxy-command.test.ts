import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signImageUrl } from '../proxy/url-signing.js';
import { startFakeUpstream, type FakeUpstream } from '../proxy/testdata/fake-upstream.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { registerProxyCommand } from './proxy-command.js';
import { registerProxyUrlCommand } from './proxy-url-command.js';

const secret = 'cli-test-secret-0123456789';
let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

function program(onListening?: (url: string, close: () => Promise<void>) => void): Command {
  const command = new Command('newsmill').exitOverride();
  registerProxyCommand(command, { onListening });
  registerProxyUrlCommand(command);
  return command;
}

describe('newsmill proxy-url', () => {
  it('prints the URL content rewriting would produce', async () => {
    vi.stubEnv('NEWSMILL_PROXY_SECRET', secret);
    vi.stubEnv('NEWSMILL_PROXY_BASE', '');
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await program().parseAsync(['node', 'newsmill', 'proxy-url', 'http://img.example.cn/a.jpg']);
    await program().parseAsync([
      'node',
      'newsmill',
      'proxy-url',
      'http://img.example.cn/a.jpg',
      '--base',
      'https://p.example/',
    ]);
    expect(out.mock.calls.map(([text]) => text)).toEqual([
      `${signImageUrl('http://img.example.cn/a.jpg', 'http://127.0.0.1:8787', secret)}\n`,
      `${signImageUrl('http://img.example.cn/a.jpg', 'https://p.example/', secret)}\n`,
    ]);
  });

  it('needs the secret and an http(s) URL', async () => {
    vi.stubEnv('NEWSMILL_PROXY_SECRET', '');
    await expect(
      program().parseAsync(['node', 'newsmill', 'proxy-url', 'http://a.example/x']),
    ).rejects.toThrow(/NEWSMILL_PROXY_SECRET/);
    vi.stubEnv('NEWSMILL_PROXY_SECRET', secret);
    await expect(
      program().parseAsync(['node', 'newsmill', 'proxy-url', 'file:///etc/passwd']),
    ).rejects.toThrow(/http/);
  });
});

describe('newsmill proxy', () => {
  it('refuses to start without a secret, or unsigned without an allowlist', async () => {
    vi.stubEnv('NEWSMILL_PROXY_SECRET', '');
    await expect(program().parseAsync(['node', 'newsmill', 'proxy', '--port', '0'])).rejects.toThrow(
      /NEWSMILL_PROXY_SECRET is not set/,
    );
    vi.stubEnv('NEWSMILL_PROXY_SECRET', secret);
    await expect(
      program().parseAsync(['node', 'newsmill', 'proxy', '--port', '0', '--allow-unsigned']),
    ).rejects.toThrow(/--allow-host/);
    await expect(
      program().parseAsync(['node', 'newsmill', 'proxy', '--allow-upstream', '127.0.0.1']),
    ).rejects.toThrow(/HOST:PORT/);
    await expect(program().parseAsync(['node', 'newsmill', 'proxy', '--referer', 'x.com'])).rejects.toThrow(
      /host=/,
    );
  });

  it('refuses a bad --port before it builds anything: no cache folder is created', async () => {
    vi.stubEnv('NEWSMILL_PROXY_SECRET', secret);
    const cacheDir = path.join(tempFolder('newsmill-proxy-port-'), 'cache');
    await expect(
      program().parseAsync(['node', 'newsmill', 'proxy', '--port', 'eighty', '--cache-dir', cacheDir]),
    ).rejects.toThrow(/--port/);
    expect(existsSync(cacheDir)).toBe(false);
  });

  it('serves signed images from an allowed upstream and refuses other loopback ports', async () => {
    vi.stubEnv('NEWSMILL_PROXY_SECRET', secret);
    let base = '';
    let close: () => Promise<void> = async () => undefined;
    const upstreamHost = new URL(upstream.url).host;
    await program((url, stop) => {
      base = url;
      close = stop;
    }).parseAsync([
      'node',
      'newsmill',
      'proxy',
      '--port',
      '0',
      '--allow-upstream',
      upstreamHost,
      '--log-level',
      'silent',
    ]);
    try {
      const ok = await request(signImageUrl(`${upstream.url}/a.png`, base, secret));
      expect(ok.statusCode).toBe(200);
      await ok.body.dump();
      const port = Number(new URL(upstream.url).port);
      const other = await request(
        signImageUrl(`http://127.0.0.1:${port === 65535 ? port - 1 : port + 1}/a.png`, base, secret),
      );
      expect(other.statusCode).toBe(403);
      await other.body.dump();
      const health = await request(`${base}/healthz`);
      expect(await health.body.json()).toMatchObject({ ok: true });
    } finally {
      await close();
    }
  });

  it('sizes the memory tier of a disk cache from --cache-max-mb, or from --memory-cache-mb', async () => {
    vi.stubEnv('NEWSMILL_PROXY_SECRET', secret);
    await expect(
      program().parseAsync(['node', 'newsmill', 'proxy', '--port', '0', '--memory-cache-mb', '1']),
    ).rejects.toThrow(/--memory-cache-mb only applies with --cache-dir/);
    const memoryBytesAfterLoad = async (extra: string[], tag: string): Promise<number> => {
      const dir = mkdtempSync(path.join(tmpdir(), 'newsmill-proxy-cli-'));
      let base = '';
      let close: () => Promise<void> = async () => undefined;
      await program((url, stop) => {
        base = url;
        close = stop;
      }).parseAsync([
        'node',
        'newsmill',
        'proxy',
        '--port',
        '0',
        '--cache-dir',
        dir,
        '--cache-max-mb',
        '0.1',
        '--allow-upstream',
        new URL(upstream.url).host,
        '--log-level',
        'silent',
        ...extra,
      ]);
      try {
        for (const name of ['a', 'b', 'c', 'd']) {
          const image = await request(
            signImageUrl(`${upstream.url}/size/20000/${tag}-${name}`, base, secret),
          );
          expect(image.statusCode).toBe(200);
          await image.body.dump();
        }
        const health = await request(`${base}/healthz`);
        return ((await health.body.json()) as { memoryCacheBytes: number }).memoryCacheBytes;
      } finally {
        await close();
        rmSync(dir, { recursive: true, force: true });
      }
    };
    // A quarter of 0.1 MB holds one 20 kB image of the four on disk.
    expect(await memoryBytesAfterLoad([], 'default')).toBe(20_000);
    expect(await memoryBytesAfterLoad(['--memory-cache-mb', '0'], 'off')).toBe(0);
    expect(await memoryBytesAfterLoad(['--memory-cache-mb', '0.05'], 'half')).toBe(40_000);
  });
});
