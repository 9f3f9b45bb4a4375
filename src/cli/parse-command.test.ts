import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../test-support/demo-site.js';

const bin = path.join(repoRoot, 'bin/newsmill.js');
let dir = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'newsmill-parse-'));
  writeFileSync(path.join(dir, 'saved.xml'), SAVED_FEED);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// A feed saved from https://news.example.com/feeds/main.xml: its links are relative to that address.
const SAVED_FEED = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Saved</title><link>/</link><description>A saved feed</description>
<item><title>One</title><link>/posts/1</link><guid isPermaLink="false">1</guid>
<pubDate>Thu, 16 Dec 2021 03:28:08 GMT</pubDate>
<description><![CDATA[<p onclick="steal()">Teaser <img src="/img/t.png"></p>]]></description>
<content:encoded><![CDATA[<p>Body<script>alert(1)</script> <a href="../about?utm_source=rss">about</a> <img src="http://cdn.example.net/a.jpg"> <img src="pics/b.png"></p>]]></content:encoded>
</item></channel></rss>
`;
const LIVE_URL = 'https://news.example.com/feeds/main.xml';

interface ParsedFeed {
  link: string | null;
  items: Array<{
    link: string | null;
    summary: string | null;
    content: string | null;
    enclosures: unknown[];
  }>;
}

function parse(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, 'parse', ...args], { encoding: 'utf8', cwd: dir });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function parseJson(args: string[]): ParsedFeed {
  const result = parse([...args, '--json']);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as ParsedFeed;
}

describe('newsmill parse --url', () => {
  it('resolves a saved file’s relative links against the URL it came from', () => {
    const saved = parseJson(['saved.xml']);
    expect(saved.items[0]?.link).not.toBe('https://news.example.com/posts/1');
    const live = parseJson(['saved.xml', '--url', LIVE_URL]);
    expect(live.link).toBe('https://news.example.com/');
    expect(live.items[0]?.link).toBe('https://news.example.com/posts/1');
    // Without --clean the content is shown as the feed wrote it.
    expect(live.items[0]?.content).toContain('<script>');
  });

  it('refuses a URL that is not absolute http(s), as a usage error', () => {
    const result = parse(['saved.xml', '--url', 'news.example.com/feed']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('expected an absolute http(s) URL');
  });
});

describe('newsmill parse --clean', () => {
  it('shows content and summary as posts publish them: resolved, proxied per the config, sanitized', () => {
    writeFileSync(
      path.join(dir, 'newsmill.yaml'),
      "proxy: { mode: all, template: 'https://w.dev/?{url}' }\n",
    );
    const feed = parseJson(['saved.xml', '--url', LIVE_URL, '--clean', '--config', 'newsmill.yaml']);
    const [item] = feed.items;
    expect(item?.content).toBe(
      '<p>Body <a href="https://news.example.com/about" rel="noopener noreferrer nofollow" target="_blank">about</a> ' +
        '<img src="https://w.dev/?http://cdn.example.net/a.jpg" referrerpolicy="no-referrer" loading="lazy" /> ' +
        '<img src="https://w.dev/?https://news.example.com/posts/pics/b.png" referrerpolicy="no-referrer" loading="lazy" /></p>',
    );
    expect(item?.summary).toBe(
      '<p>Teaser <img src="https://w.dev/?https://news.example.com/img/t.png" referrerpolicy="no-referrer" loading="lazy" /></p>',
    );
  });

  it('uses the proxy mode of the configured source the file is, and defaults without a config', () => {
    writeFileSync(
      path.join(dir, 'newsmill.yaml'),
      "proxy: { mode: all, template: 'https://w.dev/?{url}' }\n" +
        'sources:\n  - { url: saved.xml, categories: [a, b, c], proxy: none }\n',
    );
    const listed = parseJson(['saved.xml', '--url', LIVE_URL, '--clean', '--config', 'newsmill.yaml']);
    expect(listed.items[0]?.content).toContain('<img src="http://cdn.example.net/a.jpg"');
    expect(listed.items[0]?.content).not.toContain('w.dev');

    // No config: nothing is proxied (there is no proxy), but everything is still resolved and sanitized.
    const text = parse(['saved.xml', '--url', LIVE_URL, '--clean']);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(
      '  2021-12-16T03:28:08.000Z  One\n    https://news.example.com/posts/1\n    <p>Body <a',
    );
    expect(text.stdout).toContain('<img src="https://news.example.com/posts/pics/b.png"');
    expect(text.stdout).not.toMatch(/script|onclick|utm_source/);
    expect(text.stderr).toBe('');
    expect(parse(['saved.xml', '--clean']).stderr).toBe(
      'warning saved.xml: a local file without --url: relative links and images cannot be resolved and are dropped\n',
    );
  });
});

// A hostile feed: escape sequences and C0 controls as character references, a raw 8-bit CSI, a
// bidi override (both survive the XML parser) in the feed title, an item title and a date warning.
const HOSTILE = '&#x1b;]0;PWNED&#x7;&#x1b;[2J\u009b31m\u202eevil';
const CONTROL_FEED = `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Feed${HOSTILE}</title>
<item><title>Item${HOSTILE}</title><link>https://news.example.com/a</link>
<description>&lt;p&gt;Body${HOSTILE}&lt;/p&gt;</description>
<pubDate>not a date${HOSTILE}</pubDate></item></channel></rss>
`;
// Any C0 control but tab and line feed, DEL, C1, bidi embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('newsmill parse output', () => {
  it('prints titles, articles and warnings from a feed without terminal controls', () => {
    writeFileSync(path.join(dir, 'controls.xml'), CONTROL_FEED);
    for (const args of [['controls.xml'], ['controls.xml', '--clean']]) {
      const result = parse(args);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('Feed');
      expect(result.stdout).toContain('evil');
      expect(result.stderr).toContain('not a date');
      expect(result.stdout).not.toMatch(TERMINAL_CONTROL);
      expect(result.stderr).not.toMatch(TERMINAL_CONTROL);
    }
  });

  it('escapes C1 controls and bidi overrides in --json, so it reads back the same', () => {
    writeFileSync(path.join(dir, 'controls.xml'), CONTROL_FEED);
    const result = parse(['controls.xml', '--json']);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toMatch(TERMINAL_CONTROL);
    const feed = JSON.parse(result.stdout) as { title: string };
    expect(feed.title).toContain('\u009b31m\u202eevil');
  });
});
