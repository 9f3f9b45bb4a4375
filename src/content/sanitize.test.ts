import { describe, expect, it } from 'vitest';
import type { ImageProxyPolicy } from './image-proxy.js';
import { sanitizeArticleHtml } from './sanitize.js';

const noProxy: ImageProxyPolicy = { mode: 'none', target: null };
const worker: ImageProxyPolicy = {
  mode: 'http-only',
  target: { kind: 'template', template: 'https://cors.example.workers.dev/?{url}' },
};

function clean(html: string, images: ImageProxyPolicy = noProxy, base: string | null = null): string {
  return sanitizeArticleHtml(html, { base, images });
}

describe('sanitizeArticleHtml', () => {
  it('removes scripts, styles and event handlers but keeps the text', () => {
    const out = clean(
      '<p onclick="x()">Hi<script>alert(1)</script><style>p{}</style></p><img src=x onerror=alert(1)>',
    );
    expect(out).toBe('<p>Hi</p>');
  });

  it('drops javascript: and vbscript: links but keeps their text', () => {
    expect(
      clean('<a href="javascript:alert(1)">a</a><a href=" vbscript:x">b</a><a href="mailto:a@b.cn">m</a>'),
    ).toBe(
      '<a>a</a><a>b</a><a href="mailto:a@b.cn" rel="noopener noreferrer nofollow" target="_blank">m</a>',
    );
  });

  it('adds rel and target to links and resolves relative hrefs', () => {
    expect(clean('<a href="/p/1">x</a>', noProxy, 'https://36kr.com/feed')).toBe(
      '<a href="https://36kr.com/p/1" rel="noopener noreferrer nofollow" target="_blank">x</a>',
    );
  });

  it('promotes lazy images and marks every image no-referrer and lazy', () => {
    const out = clean(
      '<img src="data:image/gif;base64,R0lGOD" data-original="http://a.cn/1.jpg" class="lazy">',
      worker,
    );
    expect(out).toBe(
      '<img src="https://cors.example.workers.dev/?http://a.cn/1.jpg" referrerpolicy="no-referrer" loading="lazy" />',
    );
  });

  it('proxies http images in src and srcset but leaves https ones in http-only mode', () => {
    const out = clean(
      '<img src="//cdn.cn/a.jpg" srcset="http://cdn.cn/a.jpg 1x, https://cdn.cn/b.jpg 2x">',
      worker,
      'http://site.cn/',
    );
    expect(out).toContain('src="https://cors.example.workers.dev/?http://cdn.cn/a.jpg"');
    expect(out).toContain(
      'srcset="https://cors.example.workers.dev/?http://cdn.cn/a.jpg 1x, https://cdn.cn/b.jpg 2x"',
    );
  });

  it('rewrites picture sources and video posters', () => {
    const out = clean(
      '<picture><source srcset="http://i.cn/a.webp" type="image/webp"><img src="http://i.cn/a.jpg"></picture><video poster="http://i.cn/p.jpg" src="https://v.cn/v.mp4" controls></video>',
      worker,
    );
    expect(out).toContain(
      '<source srcset="https://cors.example.workers.dev/?http://i.cn/a.webp" type="image/webp" />',
    );
    expect(out).toContain('poster="https://cors.example.workers.dev/?http://i.cn/p.jpg"');
    expect(out).toContain('src="https://v.cn/v.mp4"');
  });

  it('keeps iframes only from allowed video hosts, sandboxed', () => {
    const out = clean(
      '<iframe src="//player.bilibili.com/player.html?bvid=1"></iframe><iframe src="https://evil.com/x"></iframe>',
      noProxy,
      'https://a.cn/',
    );
    expect(out).toBe(
      '<iframe src="https://player.bilibili.com/player.html?bvid=1" sandbox="allow-scripts allow-same-origin allow-popups allow-presentation" referrerpolicy="no-referrer" loading="lazy"></iframe>',
    );
  });

  it('removes forms, meta, base, object, embed and svg', () => {
    const out = clean(
      '<form><input></form><meta http-equiv=refresh><base href=x><object data=x></object><embed src=x><svg><script>1</script></svg>ok',
    );
    expect(out).toBe('ok');
  });

  it('keeps data: only for images', () => {
    expect(
      clean(
        '<img src="data:image/png;base64,AAAA"><img src="data:image/svg+xml,<svg/>"><a href="data:text/html,x">l</a>',
      ),
    ).toBe('<img src="data:image/png;base64,AAAA" referrerpolicy="no-referrer" loading="lazy" /><a>l</a>');
  });

  it('keeps code language classes but no other class or style', () => {
    expect(
      clean('<pre class="x"><code class="language-js evil" style="color:red">{{ a }}</code></pre>'),
    ).toBe('<pre><code class="language-js">{{ a }}</code></pre>');
  });
});
