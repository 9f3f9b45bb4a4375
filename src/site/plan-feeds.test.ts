import { describe, expect, it } from 'vitest';
import { FEED_HTML_BYTES, feedEntryHtml } from './plan-feeds.js';

const url = 'https://site.example/posts/ab12.html?a=1&b=2';

describe('feedEntryHtml', () => {
  it('carries an article up to FEED_HTML_BYTES whole', () => {
    const html = `<p>${'x'.repeat(FEED_HTML_BYTES - 7)}</p>`;
    expect(feedEntryHtml(html, url, 'Read the whole article')).toBe(html);
  });

  it('carries the beginning of a longer article, well-formed, and a link to its page', () => {
    const html = `<div><p>${'汉字 '.repeat(20_000)}</p><p>end</p></div>`;
    const entry = feedEntryHtml(html, url, '阅读全文');
    expect(Buffer.byteLength(entry)).toBeLessThan(FEED_HTML_BYTES + 200);
    expect(entry.startsWith('<div><p>汉字 汉字')).toBe(true);
    expect(entry).toMatch(
      /[汉字 ]<\/p><\/div>\n<p><a href="https:\/\/site\.example\/posts\/ab12\.html\?a=1&amp;b=2">阅读全文<\/a><\/p>$/,
    );
    expect(entry).not.toContain('end');
  });
});
