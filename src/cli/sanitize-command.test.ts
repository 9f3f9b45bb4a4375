import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processItemContent } from '../content/process-content.js';
import type { FeedItem } from '../core/model.js';
import { repoRoot } from '../test-support/demo-site.js';
import { parseProxyMode } from './sanitize-command.js';

const bin = path.join(repoRoot, 'bin/newsmill.js');
let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

function sanitize(args: string[], input: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, 'sanitize', ...args], {
    encoding: 'utf8',
    input,
    cwd: repoRoot,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const article =
  '<p>x<img src="http://i.cn/a.jpg"><img src="https://i.cn/b.jpg"><img src="//cdn.cn/c.jpg"></p><a href="/p?utm_source=rss&amp;id=1">l</a>';

describe('newsmill sanitize', () => {
  it('proxies with a template in the given mode, after resolving against --base', () => {
    const result = sanitize(
      ['--base', 'https://a.cn/post/1', '--proxy-mode', 'all', '--proxy-template', 'https://w.dev/?{url}'],
      article,
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      '<p>x<img src="https://w.dev/?http://i.cn/a.jpg" referrerpolicy="no-referrer" loading="lazy" />' +
        '<img src="https://w.dev/?https://i.cn/b.jpg" referrerpolicy="no-referrer" loading="lazy" />' +
        '<img src="https://w.dev/?https://cdn.cn/c.jpg" referrerpolicy="no-referrer" loading="lazy" /></p>' +
        '<a href="https://a.cn/p?id=1" rel="noopener noreferrer nofollow" target="_blank">l</a>',
    );
  });

  it('proxies only listed hosts in host-list mode, and only http images by default', () => {
    const hosts = sanitize(
      ['--proxy-mode', 'cdn.cn, i.cn', '--proxy-template', 'https://w.dev/?{url}'],
      article,
    );
    expect(hosts.stdout).toContain('src="https://w.dev/?https://i.cn/b.jpg"');
    const byDefault = sanitize(
      ['--base', 'https://a.cn/', '--proxy-template', 'https://w.dev/?{url}'],
      article,
    );
    expect(byDefault.stdout).toContain('src="https://w.dev/?http://i.cn/a.jpg"');
    expect(byDefault.stdout).toContain('src="https://i.cn/b.jpg"');
  });

  it('gives exactly the HTML that run publishes for the same config', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-sanitize-'));
    const config = path.join(dir, 'newsmill.yaml');
    writeFileSync(
      config,
      'proxy:\n  mode: all\n  template: "https://w.dev/?{url}"\ncontent:\n  iframeHosts: [player.example.com]\n',
    );
    const input = `${article}<iframe src="https://player.example.com/v/1"></iframe><iframe src="https://www.youtube.com/embed/1"></iframe>`;
    const result = sanitize(['--config', config, '--base', 'https://a.cn/post/1'], input);
    const item: FeedItem = {
      ...{ id: '1', title: 't', link: 'https://a.cn/post/1', published: null, updated: null, author: null },
      ...{ summary: null, content: input, categories: [], enclosures: [], image: null, baseUrl: null },
    };
    const published = processItemContent(item, {
      images: { mode: 'all', target: { kind: 'template', template: 'https://w.dev/?{url}' } },
      coverFallback: 'https://picsum.photos/400/300?random={n}',
      sourceKey: 'x',
      identity: 'id:1',
      iframeHosts: ['player.example.com'],
    }).html;
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(published);
    expect(result.stdout).toContain('<iframe src="https://player.example.com/v/1"');
    expect(result.stdout).not.toContain('youtube');
  });

  it('exits 2 on a bad proxy mode or template', () => {
    expect(sanitize(['--proxy-mode', 'sometimes?'], '').status).toBe(2);
    expect(sanitize(['--proxy-template', 'https://w.dev/'], '').stderr).toMatch(/\{url\}/);
  });
});

describe('parseProxyMode', () => {
  it('reads the three named modes and comma-separated host lists', () => {
    expect(parseProxyMode('none')).toBe('none');
    expect(parseProxyMode('a.cn,b.cn')).toEqual(['a.cn', 'b.cn']);
    expect(() => parseProxyMode(',')).toThrow(/comma-separated/);
  });
});
