import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../test-support/demo-site.js';
import type { SiteFrame } from './pages/page-layout.js';
import { renderSiteContent, type PageRequest, type SiteContent } from './pages/page-request.js';
import { siteLabelsFor } from './pages/site-labels.js';
import * as inProcess from './site-file-writer.js';

// The built writer: from TypeScript sources it never starts threads, so this is the threaded path.
const threaded = (await import(
  pathToFileURL(path.join(repoRoot, 'dist/site/site-file-writer.js')).href
)) as typeof inProcess;

const frame: SiteFrame = {
  title: '新闻',
  url: 'https://example.cn/news/',
  language: 'zh-CN',
  labels: siteLabelsFor('zh-CN'),
  cssPath: 'assets/site.0123456789ab.css',
  nav: [{ name: '科技', path: 'categories/科技/' }],
};

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'newsmill-site-writer-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe.each([
  ['on writer threads', threaded, 500],
  ['in-process', inProcess, 1],
])('the site file writer %s', (_, writers, files) => {
  it('writes through temp files in a served folder and leaves equal bytes alone', async () => {
    writeFileSync(path.join(dir, 'same.html'), 'same');
    writeFileSync(path.join(dir, 'old.html'), 'old');
    const before = statSync(path.join(dir, 'same.html')).mtimeMs;
    const writer = writers.createSiteFileWriter({ root: dir, rootIsNew: false, staged: false }, files, frame);
    try {
      const results = await Promise.all([
        writer.write('same.html', 'same'),
        writer.write('old.html', 'new'),
        writer.write('posts/a/index.html', '文章'),
      ]);
      expect(results).toEqual(['unchanged', 'written', 'written']);
      // Writing into a file as if it were a folder fails that file, with its name.
      await expect(writer.write('same.html/child', 'x')).rejects.toThrow('same.html');
      // ... and only that file: the writer goes on.
      for (const name of ['after-1.html', 'after-2.html'])
        expect(await writer.write(name, 'x')).toBe('written');
    } finally {
      await writer.close();
    }
    expect(statSync(path.join(dir, 'same.html')).mtimeMs).toBe(before);
    expect(readFileSync(path.join(dir, 'old.html'), 'utf8')).toBe('new');
    expect(readFileSync(path.join(dir, 'posts/a/index.html'), 'utf8')).toBe('文章');
    expect(readdirSync(dir, { recursive: true }).filter((name) => String(name).includes('tmp'))).toEqual([]);
  });

  it('writes in place in a staging folder, which the build creates first', async () => {
    const root = path.join(dir, 'stage');
    mkdirSync(root);
    const writer = writers.createSiteFileWriter({ root, rootIsNew: true, staged: true }, files, frame);
    try {
      expect(await writer.write('posts/b/index.html', 'x')).toBe('written');
    } finally {
      await writer.close();
    }
    expect(readdirSync(root, { recursive: true }).map(String).sort()).toEqual([
      'posts',
      path.join('posts', 'b'),
      path.join('posts', 'b', 'index.html'),
    ]);
  });

  it('renders the post and list pages it is handed, as the main thread would', async () => {
    const links = [
      { name: '科技', path: 'categories/科技/' },
      { name: '36kr', path: 'categories/科技/36kr/' },
    ];
    const post: PageRequest = {
      kind: 'post',
      spec: {
        path: 'posts/ab12.html',
        title: '标题 <b>',
        source: '36kr',
        categories: links,
        date: '2024-05-01T08:00:00.000Z',
        displayDate: '2024-05-01 16:00',
        cover: 'https://img.example.cn/a.jpg?x=1&y=2',
        html: '<p>正文<img src="https://img.example.cn/b.jpg"></p>',
        excerpt: '正文',
        link: 'https://news.example.cn/a',
      },
    };
    const card = { ...post.spec, categories: links, cover: post.spec.cover };
    const list: PageRequest = {
      kind: 'list',
      spec: {
        path: 'categories/科技/36kr/page/2.html',
        heading: '36kr',
        cards: [card, card],
        newer: 'categories/科技/36kr/',
      },
    };
    const other = { ...card, title: '另一篇', path: 'posts/cd34.html' };
    const older: PageRequest = {
      kind: 'list',
      spec: { path: 'categories/科技/', heading: '科技', cards: [other, card] },
    };
    const writer = writers.createSiteFileWriter({ root: dir, rootIsNew: false, staged: false }, files, frame);
    try {
      expect(await writer.write('posts/ab12.html', post)).toBe('written');
      expect(await writer.write('categories/科技/36kr/page/2.html', list)).toBe('written');
      // A later batch may name a card an earlier one carried.
      expect(await writer.write('categories/科技/index.html', older)).toBe('written');
    } finally {
      await writer.close();
    }
    const written = (file: string): string => readFileSync(path.join(dir, file), 'utf8');
    expect(written('posts/ab12.html')).toBe(renderSiteContent(frame, post));
    expect(written('posts/ab12.html')).toContain('<a href="../categories/%E7%A7%91%E6%8A%80/36kr/">36kr</a>');
    expect(written('categories/科技/36kr/page/2.html')).toBe(renderSiteContent(frame, list));
    expect(written('categories/科技/36kr/page/2.html')).toContain('href="../../../../posts/ab12.html"');
    expect(written('categories/科技/index.html')).toBe(renderSiteContent(frame, older));
    expect(written('categories/科技/index.html')).toMatch(/另一篇[^]*标题 &lt;b&gt;/);
  });

  it('refuses a path that leaves the root or goes through a symlinked folder, and writes the rest', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'newsmill-site-writer-outside-'));
    try {
      symlinkSync(outside, path.join(dir, 'away'));
      const writer = writers.createSiteFileWriter(
        { root: dir, rootIsNew: false, staged: false },
        files,
        frame,
      );
      try {
        expect(await writer.write('away/x.html', 'x')).toEqual({
          refused: `refused "away/x.html": ${path.join(dir, 'away')} is a symbolic link to ${outside}, outside ${dir}`,
        });
        expect(await writer.write('../x.html', 'x')).toEqual({
          refused: `refused "../x.html": it leads outside ${dir}`,
        });
        expect(await writer.write('kept.html', 'x')).toBe('written');
      } finally {
        await writer.close();
      }
      expect(readdirSync(outside)).toEqual([]);
      expect(readFileSync(path.join(dir, 'kept.html'), 'utf8')).toBe('x');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('fails a malformed page alone, and settles every write after its thread ends, instead of hanging', async () => {
    const writer = writers.createSiteFileWriter({ root: dir, rootIsNew: false, staged: false }, files, frame);
    try {
      // No page a build can hand over kills a writer thread: a malformed one fails its file alone.
      const broken = { kind: 'list', spec: {}, cards: null } as unknown as SiteContent;
      await expect(writer.write('broken.html', broken)).rejects.toThrow('broken.html');
      expect(await writer.write('after.html', 'x')).toBe('written');
      // Error injection: the thread ends (closed here, as a crash would end it).
      await writer.close();
      const settled: string[] = [];
      for (const name of ['later-1.html', 'later-2.html', 'later-3.html'])
        settled.push(await writer.write(name, 'x').then(String, (error: Error) => error.message));
      // In-process nothing died; a dead thread fails each later file by name.
      if (files === 1) expect(settled).toEqual(['written', 'written', 'written']);
      else
        expect(settled).toEqual(
          ['later-1', 'later-2', 'later-3'].map((name) => expect.stringContaining(name)),
        );
    } finally {
      await writer.close();
    }
  });
});
