import { lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../test-support/demo-site.js';
import { tempFolder } from '../test-support/temp-folder.js';
import { addSourcesToYaml, editConfigFile, removeSourceFromYaml } from './config-editor.js';

const demo = readFileSync(path.join(repoRoot, 'examples/demo/newsmill.yaml'), 'utf8');
const feed = {
  url: 'https://blog.example/feed.xml',
  categories: ['博客', 'Example', '文章'] as [string, string, string],
};

describe('config editor', () => {
  it('appends a source in the style of the last one, keeping every comment and line', () => {
    const edit = addSourcesToYaml(demo, [feed]);
    expect(edit.added).toEqual([feed]);
    expect(edit.text).toBe(
      `${demo}\n  - url: https://blog.example/feed.xml\n    categories: [博客, Example, 文章]\n`,
    );
  });

  it('skips a url the config already lists', () => {
    const edit = addSourcesToYaml(demo, [{ ...feed, url: 'feeds/zaker.xml' }]);
    expect(edit).toMatchObject({ text: demo, added: [], skipped: [{ url: 'feeds/zaker.xml' }] });
  });

  it('skips a local file the config already lists under another spelling, given the config folder', () => {
    const dir = path.join(repoRoot, 'examples/demo');
    for (const url of ['./feeds/zaker.xml', 'feeds/../feeds/zaker.xml', path.join(dir, 'feeds/zaker.xml')]) {
      const edit = addSourcesToYaml(demo, [{ ...feed, url }], { configDir: dir });
      expect(edit).toMatchObject({ text: demo, added: [], skipped: [{ url }] });
    }
    const twice = addSourcesToYaml(
      demo,
      [
        { ...feed, url: 'feeds/new.xml' },
        { ...feed, url: './feeds/new.xml' },
      ],
      {
        configDir: dir,
      },
    );
    expect(twice.added.map((draft) => draft.url)).toEqual(['feeds/new.xml']);
    // Without the folder only the text can be compared.
    expect(addSourcesToYaml(demo, [{ ...feed, url: './feeds/zaker.xml' }]).added).toHaveLength(1);
  });

  it('creates the sources list when there is none, and follows flow-style entries', () => {
    expect(addSourcesToYaml('# my site\nsite: { title: x }\n', [feed]).text).toBe(
      '# my site\nsite: { title: x }\nsources:\n  - url: https://blog.example/feed.xml\n    categories: [博客, Example, 文章]\n',
    );
    expect(addSourcesToYaml('sources:\n', [feed]).text).toContain(
      'sources:\n  - url: https://blog.example/feed.xml',
    );
    expect(addSourcesToYaml('sources:\n  - { url: a.xml, categories: [a, b, c] }\n', [feed]).text).toBe(
      'sources:\n  - { url: a.xml, categories: [a, b, c] }\n  - { url: https://blog.example/feed.xml, categories: [博客, Example, 文章] }\n',
    );
    const odd = { url: 'a, [b]: c', categories: ['x, y', '[z]', 'k: v'] as [string, string, string] };
    const flowOdd = addSourcesToYaml('sources: # mine\n  - {url: a.xml, categories: [a, b, c]}\n', [
      odd,
    ]).text;
    expect(flowOdd).toBe(
      'sources: # mine\n  - {url: a.xml, categories: [a, b, c]}\n  - {url: "a, [b]: c", categories: ["x, y", "[z]", "k: v"]}\n',
    );
    // A flow-style list can only be re-printed whole.
    expect(addSourcesToYaml('sources: [{ url: a.xml, categories: [a, b, c] }]\n', [feed]).text).toBe(
      'sources: [{url: a.xml, categories: [a, b, c]}, {url: https://blog.example/feed.xml, categories: [博客, Example, 文章]}]\n',
    );
  });

  it('removes a source by url, position or categories, with its comment', () => {
    const byUrl = removeSourceFromYaml(demo, 'feeds/juejin.xml');
    expect(byUrl.removed).toEqual([{ url: 'feeds/juejin.xml', categories: ['编程', '掘金', '热门'] }]);
    expect(byUrl.text).not.toContain('naive local pubDate');
    expect(byUrl.text).toContain('# RSS 2.0 encoded in GBK');
    expect(demo.split('\n').length - byUrl.text.split('\n').length).toBe(5);
    expect(removeSourceFromYaml(demo, '3').text).toBe(byUrl.text);
    expect(removeSourceFromYaml(demo, '编程/掘金/热门').text).toBe(byUrl.text);
    expect(() => removeSourceFromYaml(demo, 'nope')).toThrow(
      /no hand-written source "nope".*catalogue\.exclude/,
    );
  });

  it('removes a source whose categories are written as top/source/channel', () => {
    const text =
      'sources:\n  - url: a.xml\n    categories: 编程/掘金/热门\n  - url: b.xml\n    categories: [a, b, c]\n';
    const edit = removeSourceFromYaml(text, '编程/掘金/热门');
    expect(edit.removed).toEqual([{ url: 'a.xml', categories: ['编程', '掘金', '热门'] }]);
    expect(edit.text).toBe('sources:\n  - url: b.xml\n    categories: [a, b, c]\n');
    expect(removeSourceFromYaml(text, '1').removed).toEqual(edit.removed);
  });

  it('names the field of an edit that would be invalid as the config loader does', () => {
    const ftp = { url: 'ftp://a.example/feed.xml', categories: ['a', 'b', 'c'] as [string, string, string] };
    expect(() => addSourcesToYaml('', [ftp])).toThrow(
      /would be invalid:\n {2}- sources\[0\]\.url: unsupported URL scheme "ftp:"/,
    );
    expect(() => addSourcesToYaml('catalogue:\n  docs: docs\n  language: fr\n', [feed])).toThrow(
      /would be invalid:\n {2}- catalogue\.language: expected one of zh, en$/,
    );
    expect(() => addSourcesToYaml('site:\n  perpage: 5\n', [feed])).toThrow(
      /would be invalid:\n {2}- site: unknown key "perpage" \(did you mean "perPage"\?\)$/,
    );
  });

  it('refuses an edit that would make the config invalid, and writes files atomically', () => {
    expect(() => addSourcesToYaml('sources: 3\n', [feed])).toThrow(/sources: expected a list/);
    expect(() => addSourcesToYaml('timezone: Mars\n', [feed])).toThrow(/would be invalid:\n {2}- timezone: /);
    const dir = tempFolder('newsmill-edit-');
    const file = path.join(dir, 'newsmill.yaml');
    writeFileSync(file, demo);
    editConfigFile(file, (text) => addSourcesToYaml(text, [feed]));
    expect(readFileSync(file, 'utf8')).toContain('https://blog.example/feed.xml');
    editConfigFile(path.join(dir, 'new.yaml'), (text) => addSourcesToYaml(text, [feed]));
    expect(readFileSync(path.join(dir, 'new.yaml'), 'utf8')).toBe(
      'sources:\n  - url: https://blog.example/feed.xml\n    categories: [博客, Example, 文章]\n',
    );
  });

  it('edits the file a symlinked config names, keeping its permissions', () => {
    const dir = tempFolder('newsmill-edit-');
    mkdirSync(path.join(dir, 'real'));
    const real = path.join(dir, 'real/newsmill.yaml');
    writeFileSync(real, demo, { mode: 0o600 });
    const link = path.join(dir, 'newsmill.yaml');
    symlinkSync(real, link);
    editConfigFile(link, (text) => addSourcesToYaml(text, [feed]));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toContain('https://blog.example/feed.xml');
    expect(statSync(real).mode & 0o777).toBe(0o600);
  });
});
