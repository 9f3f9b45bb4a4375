import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { parseConfigText } from './load-config.js';

const file = '/site/newsmill.yaml';
const load = (text: string, env: Record<string, string | undefined> = {}) => parseConfigText(text, file, env);

describe('store: in the config', () => {
  it('is the SQLite file .newsmill/newsmill.db beside the config by default', () => {
    const config = load('sources: []');
    expect(config.store).toEqual({ kind: 'sqlite', path: path.resolve('/site/.newsmill/newsmill.db') });
    expect(config.warnings).toEqual([]);
  });

  it('takes a SQLite path, relative to the config or absolute, and a Windows drive letter is no scheme', () => {
    expect(load('store: data/news.db').store).toEqual({
      kind: 'sqlite',
      path: path.resolve('/site/data/news.db'),
    });
    expect(load('store: /var/lib/news.db').store).toEqual({ kind: 'sqlite', path: '/var/lib/news.db' });
    expect(load('store: "C:\\\\news\\\\news.db"').store.kind).toBe('sqlite');
  });

  it('takes a postgres:// or postgresql:// URL, with the schema newsmill', () => {
    expect(load('store: postgres://news@db.example.com:5432/news').store).toEqual({
      kind: 'postgres',
      url: 'postgres://news@db.example.com:5432/news',
      schema: 'newsmill',
    });
    expect(load('store: postgresql://db.example.com/news?sslmode=require').store).toMatchObject({
      kind: 'postgres',
      url: 'postgresql://db.example.com/news?sslmode=require',
    });
  });

  it('takes { url, schema }, the schema defaulting to newsmill', () => {
    expect(load('store: { url: "postgres://db.example.com/news", schema: site_b }').store).toEqual({
      kind: 'postgres',
      url: 'postgres://db.example.com/news',
      schema: 'site_b',
    });
    expect(load('store: { url: "postgres://db.example.com/news" }').store).toMatchObject({
      schema: 'newsmill',
    });
  });

  it('takes { urlEnv, schema }: the URL, password and all, from the environment', () => {
    const text = 'store: { urlEnv: NEWSMILL_STORE_URL, schema: news }';
    const url = 'postgres://news:s3cret@db.example.com/news';
    const config = load(text, { NEWSMILL_STORE_URL: url });
    expect(config.store).toEqual({ kind: 'postgres', url, schema: 'news' });
    // A password in the environment is where it belongs: no warning.
    expect(config.warnings).toEqual([]);
  });

  it('names the variable, never its value, when urlEnv is empty or holds no postgres URL', () => {
    const text = 'store: { urlEnv: NEWSMILL_STORE_URL }';
    expect(() => load(text, {})).toThrow(ConfigError);
    expect(() => load(text, {})).toThrow(
      /newsmill\.yaml: store\.urlEnv: the environment variable NEWSMILL_STORE_URL is empty/,
    );
    const wrong = () => load(text, { NEWSMILL_STORE_URL: 'mysql://root:hunter2@db/news' });
    expect(wrong).toThrow(/NEWSMILL_STORE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(wrong).not.toThrow(/hunter2/);
  });

  it('warns, naming the key and not the password, when a URL in the config carries one', () => {
    const inline = load('store: postgres://news:hunter2@db.example.com/news');
    expect(inline.store).toMatchObject({
      kind: 'postgres',
      url: 'postgres://news:hunter2@db.example.com/news',
    });
    expect(inline.warnings).toEqual([
      expect.stringMatching(
        /^\/site\/newsmill\.yaml: store: the URL carries a password.*PGPASSWORD.*store\.urlEnv/,
      ),
    ]);
    const object = load('store: { url: "postgres://db.example.com/news?password=hunter2" }');
    expect(object.warnings).toEqual([
      expect.stringMatching(/^\/site\/newsmill\.yaml: store\.url: the URL carries a password/),
    ]);
    expect([...inline.warnings, ...object.warnings].join('\n')).not.toContain('hunter2');
    expect(load('store: postgres://news@db.example.com/news').warnings).toEqual([]);
  });

  it('refuses another scheme instead of reading it as a file name', () => {
    for (const url of [
      'mysql://db/news',
      'sqlite:news.db',
      'file:///site/news.db',
      'https://db.example.com/',
    ])
      expect(() => load(`store: "${url}"`), url).toThrow(
        /store: expected a SQLite file path or a postgres:\/\/ URL/,
      );
    expect(() => load('store: { url: "mysql://db/news" }')).toThrow(
      /store\.url: expected a postgres:\/\/ or postgresql:\/\/ URL/,
    );
  });

  it('refuses a postgres URL that does not parse, without quoting it', () => {
    const bad = () => load('store: "postgres://news:p@ss word@db:54x/news"');
    expect(bad).toThrow(/store: not a valid URL/);
    expect(bad).not.toThrow(/ss word/);
  });

  it('refuses a schema that is no plain identifier, or is reserved', () => {
    for (const schema of ['Site', '1site', 'site-b', '"x"; drop schema public', 'a'.repeat(64), "''"])
      expect(
        () => load(`store: { url: "postgres://db/news", schema: ${JSON.stringify(schema)} }`),
        schema,
      ).toThrow(/store\.schema: expected a plain schema name/);
    expect(() => load('store: { url: "postgres://db/news", schema: pg_news }')).toThrow(
      /store\.schema: schema names starting with pg_ are reserved/,
    );
    expect(load(`store: { url: "postgres://db/news", schema: ${'a'.repeat(63)} }`).store).toMatchObject({
      schema: 'a'.repeat(63),
    });
  });

  it('wants exactly one of url and urlEnv, and no other key', () => {
    expect(() => load('store: { schema: news }')).toThrow(/store: set either url or urlEnv/);
    expect(() => load('store: { url: "postgres://db/n", urlEnv: X }', { X: 'postgres://db/n' })).toThrow(
      /store: set either url or urlEnv/,
    );
    expect(() => load('store: { url: "postgres://db/n", password: x }')).toThrow(
      /store: unknown key "password"/,
    );
    expect(() => load('store: { urlEnv: "not a name" }')).toThrow(
      /store\.urlEnv: expected the name of an environment variable/,
    );
    expect(() => load('store: 5')).toThrow(
      /store: expected a SQLite file path, a postgres:\/\/ URL, or \{ url \| urlEnv, schema \}/,
    );
    expect(() => load('store: ""')).toThrow(/store: expected a SQLite file path or a postgres:\/\/ URL/);
  });
});
