import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { decodeFeedBytes } from '../fetch/charset.js';
import { parseFeed } from '../parse/parse-feed.js';
import { repoRoot } from '../test-support/demo-site.js';
import type { ImageProxyPolicy } from './image-proxy.js';
import { sanitizeWithSanitizeHtml } from '../test-support/sanitize-html-reference.js';
import { sanitizeArticleHtml } from './sanitize.js';

/**
 * A canonical form of an HTML fragment: one line per node, attributes sorted, entities decoded, and
 * the differences that mean nothing to a browser (`controls` vs `controls=""`, `<br/>` vs `<br>`,
 * whitespace around the whole fragment) removed.
 */
function canonical(html: string): string {
  const lines: string[] = [];
  let depth = 0;
  const parser = new Parser({
    onopentag(name, attribs) {
      const attrs = Object.keys(attribs)
        .sort()
        .map((key) => `${key}=${JSON.stringify(attribs[key])}`);
      lines.push(`${'  '.repeat(depth++)}<${name} ${attrs.join(' ')}>`);
    },
    onclosetag() {
      depth--;
    },
    ontext(text) {
      lines.push(`${'  '.repeat(depth)}${JSON.stringify(text)}`);
    },
  });
  parser.end(html.trim());
  // Adjacent text chunks (split at entities) are one text node.
  return lines.join('\n').replace(/"\n *"/g, '');
}

const policy: ImageProxyPolicy = {
  mode: 'http-only',
  target: { kind: 'template', template: 'https://cors.zfour.workers.dev/?{url}' },
};

function demoArticles(): { name: string; html: string; base: string | null }[] {
  const dir = path.join(repoRoot, 'examples/demo/feeds');
  return readdirSync(dir).flatMap((file) => {
    const bytes = readFileSync(path.join(dir, file));
    const feed = parseFeed(decodeFeedBytes(bytes, null).text, {
      url: `https://demo.example/${file}`,
      timezone: 'UTC',
    });
    return feed.items.map((item, i) => ({
      name: `${file}#${i}`,
      html: item.content ?? item.summary ?? '',
      base: item.baseUrl ?? item.link,
    }));
  });
}

const realistic = [
  '<h2>标题</h2><p>正文 <a href="https://a.cn/x" title="t">链接</a> <em>强调</em> <code>a &lt; b</code></p>',
  '<figure><picture><source srcset="http://i.cn/a.webp 1x, http://i.cn/b.webp 2x" type="image/webp"><img src="http://i.cn/a.jpg" alt="图" width="640" height="480"></picture><figcaption>说明</figcaption></figure>',
  '<table><thead><tr><th scope="col">A</th></tr></thead><tbody><tr><td colspan="2">1</td></tr></tbody></table>',
  '<ul><li>one<li>two</ul><ol start="2"><li>three</li></ol><blockquote cite="https://a.cn/">q</blockquote>',
  '<pre><code class="language-ts">const x = { a: 1 };\nif (x.a &gt; 0) {}</code></pre><hr><p>x<sub>2</sub>y<sup>3</sup><br>z</p>',
  '<video controls poster="http://i.cn/p.jpg"><source src="https://v.cn/v.mp4" type="video/mp4"></video><audio controls src="https://a.cn/a.mp3"></audio>',
  '<div class="x" id="y" style="color:red"><span data-x="1">文字</span><font color=red>字体</font><center>居中</center></div>',
];

describe('the single-pass sanitizer against sanitize-html with the same allowlist', () => {
  it.each(realistic.map((html, i) => [i, html]))('agrees on realistic article %i', (_, html) => {
    const options = { base: 'https://a.cn/post/1', images: policy };
    expect(canonical(sanitizeArticleHtml(html, options))).toBe(
      canonical(sanitizeWithSanitizeHtml(html, options)),
    );
  });

  it('agrees on every article of the bundled demo feeds', () => {
    const articles = demoArticles();
    expect(articles.length).toBeGreaterThan(10);
    for (const { name, html, base } of articles) {
      const options = { base, images: policy };
      expect(canonical(sanitizeArticleHtml(html, options)), name).toBe(
        canonical(sanitizeWithSanitizeHtml(html, options)),
      );
    }
  });
});
