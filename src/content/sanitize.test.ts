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

  it('drops SVG and MathML with everything inside, even HTML that would break out of them', () => {
    expect(clean('a<svg><p><style><img src=x onerror=alert(1)></style></p></svg>b')).toBe('ab');
    expect(clean('a<math><mtext><img src="https://i.cn/x.jpg"></mtext></math>b')).toBe('ab');
  });

  it('drops raw-text and template content whatever it looks like', () => {
    expect(
      clean(
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>ok<template><b>t</b></template>',
      ),
    ).toBe('ok');
    expect(clean('<textarea><b>x</b></textarea><title>t</title><xmp><i>x</i></xmp>ok')).toBe('ok');
  });

  it('re-escapes every text and attribute value, so decoded entities never become markup', () => {
    expect(clean('&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; "q"')).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; "q"',
    );
    expect(clean('<img src="https://i.cn/a.jpg" alt="&quot;&gt;&lt;svg onload=alert(1)&gt;\'">')).toBe(
      '<img src="https://i.cn/a.jpg" alt="&quot;&gt;&lt;svg onload=alert(1)&gt;&#39;" referrerpolicy="no-referrer" loading="lazy" />',
    );
  });

  it('drops comments, CDATA and processing instructions', () => {
    expect(clean('a<!-- <img src=x onerror=alert(1)> -->b<![CDATA[<i>c</i>]]><?php x ?>d')).toBe('abd');
  });

  it('never writes a blank line, which would end the post body HTML block in Markdown', () => {
    const out = clean('\n\n<p>a\n\n\n[x](javascript:alert(1))</p>\r\n\r\n<pre>b\n  \nc</pre>\n\n');
    expect(out).not.toMatch(/\n[\t\f ]*\n/);
    expect(out).toBe('<p>a&#10;&#10;\n[x](javascript:alert(1))</p>&#10;\n<pre>b&#10;  \nc</pre>');
    expect(clean('<img src="https://i.cn/a.jpg" alt="a\n\nb">')).toContain('alt="a&#10;&#10;b"');
  });

  it('keeps each allowed attribute only with a well-formed value', () => {
    expect(
      clean(
        '<table><tr><td colspan="2" rowspan="x" align="center" style="color:red">a</td></tr></table><ol start="3" type="i"><li value="x">b</li></ol>',
      ),
    ).toBe(
      '<table><tr><td colspan="2" align="center">a</td></tr></table><ol start="3" type="i"><li>b</li></ol>',
    );
  });

  it('checks iframe hosts exactly, upgrades them to https, and drops their content', () => {
    const out = sanitizeArticleHtml(
      '<iframe src="http://player.vimeo.com/v/1"><img src=x onerror=alert(1)></iframe>' +
        '<iframe src="https://player.vimeo.com.evil.cn/"></iframe><iframe src="https://a@player.vimeo.com@evil.cn/"></iframe>' +
        '<iframe src="https://player.vimeo.com:99999/"></iframe>',
      { base: null, images: noProxy, iframeHosts: ['player.vimeo.com'] },
    );
    expect(out).toBe(
      '<iframe src="https://player.vimeo.com/v/1" sandbox="allow-scripts allow-same-origin allow-popups allow-presentation" referrerpolicy="no-referrer" loading="lazy"></iframe>',
    );
  });

  it('removes tracking pixels and tracking parameters of links', () => {
    expect(
      clean(
        '<img src="https://a.cn/p.gif" width="1" height="1"><img src="http://feeds.feedburner.com/~r/a/~4/x"><a href="https://a.cn/p?utm_source=rss&amp;id=2&amp;spm=1">x</a>',
      ),
    ).toBe('<a href="https://a.cn/p?id=2" rel="noopener noreferrer nofollow" target="_blank">x</a>');
  });

  it('proxies video and audio sources and posters in all mode, and marks media preload=none', () => {
    const all: ImageProxyPolicy = {
      mode: 'all',
      target: { kind: 'template', template: 'https://w.dev/?{url}' },
    };
    expect(
      clean(
        '<video poster="https://i.cn/p.jpg"><source src="https://v.cn/a.mp4" type="video/mp4"></video><audio src="http://a.cn/a.mp3" controls></audio>',
        all,
      ),
    ).toBe(
      '<video poster="https://w.dev/?https://i.cn/p.jpg" preload="none"><source src="https://w.dev/?https://v.cn/a.mp4" type="video/mp4" /></video><audio src="https://w.dev/?http://a.cn/a.mp3" controls preload="none"></audio>',
    );
  });

  it('promotes every lazy attribute and lazy srcset, and gives every image no-referrer and lazy loading', () => {
    for (const name of ['data-src', 'data-original', 'data-lazy-src', 'data-actualsrc', 'data-echo']) {
      expect(
        clean(`<img ${name}="https://i.cn/a.jpg" src="/placeholder.gif">`, noProxy, 'https://a.cn/'),
      ).toBe('<img src="https://i.cn/a.jpg" referrerpolicy="no-referrer" loading="lazy" />');
    }
    expect(clean('<img data-srcset="http://i.cn/a.jpg 2x">', worker)).toBe(
      '<img srcset="https://cors.example.workers.dev/?http://i.cn/a.jpg 2x" referrerpolicy="no-referrer" loading="lazy" />',
    );
  });
});
