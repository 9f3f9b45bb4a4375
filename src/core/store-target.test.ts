import { describe, expect, it } from 'vitest';
import { describeStoreTarget, redactStoreUrl } from './store-target.js';

describe('store URLs in messages', () => {
  it('mask the password, in the user part and as a query parameter', () => {
    expect(redactStoreUrl('postgres://news:hunter2@db.example.com:5432/news')).toBe(
      'postgres://news:***@db.example.com:5432/news',
    );
    expect(redactStoreUrl('postgresql://db.example.com/news?sslmode=require&password=hunter2')).toBe(
      'postgresql://db.example.com/news?sslmode=require&password=***',
    );
    expect(redactStoreUrl('postgres://news:p%40ss@db/news')).not.toContain('p%40ss');
  });

  it('leave a URL without a password as it is', () => {
    expect(redactStoreUrl('postgres://news@db.example.com/news')).toBe('postgres://news@db.example.com/news');
  });

  it('do not echo a URL that does not parse: its password could be anywhere in it', () => {
    expect(redactStoreUrl('postgres://news:hunter2@db:54x/news')).toBe(
      '(a connection URL that does not parse)',
    );
  });

  it('name a store by its file, or its masked URL and schema', () => {
    expect(describeStoreTarget({ kind: 'sqlite', path: '/site/.newsmill/newsmill.db' })).toBe(
      '/site/.newsmill/newsmill.db',
    );
    expect(describeStoreTarget({ kind: 'postgres', url: 'postgres://a:b@db/news', schema: 'site_b' })).toBe(
      'postgres://a:***@db/news (schema site_b)',
    );
  });
});
