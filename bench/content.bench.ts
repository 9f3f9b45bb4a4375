import createDOMPurify, { type WindowLike } from 'dompurify';
import { parseHTML } from 'linkedom';
import sanitizeHtml from 'sanitize-html';
import { escapeHexoBraces } from '../src/io/hexo-escape.js';
import { processItemContent } from '../src/content/process-content.js';
import { comparableSanitizeHtmlOptions } from '../src/test-support/sanitize-html-reference.js';
import type { FeedItem } from '../src/core/model.js';
import { alternate, reportTimes, roundsFor, timeMs } from './protocol.js';

const SENTENCES = [
  '联播 +12 月 15 日下午，国家主席在北京举行视频会晤，双方就共同关心的问题交换了意见。',
  '据 36 氪报道，这家公司完成了新一轮融资，投资方包括多家知名机构，估值超过 10 亿美元。',
  '开源中国社区消息：新版本修复了 <b>32</b> 个问题，并改进了构建速度 &amp; 内存占用。',
  '“背靠背”战略协作和全方位务实合作蓬勃发展，{{ 模板 }} 语法在正文里也很常见。',
];

/** One article block the way feeds carry it: lazy images, tracking links, site classes, inline handlers. */
function block(i: number): string {
  const text = SENTENCES.map((s, k) => SENTENCES[(i + k) % SENTENCES.length] ?? s).join('');
  return [
    `<p class="text" style="margin:0">${text}<a href="/news/${i}?utm_source=rss&amp;id=${i}" onclick="track()">阅读原文</a></p>`,
    `<div class="img_box" id="box_${i}" onclick><img class="lazy" data-original="http://zkres${i % 3}.myzaker.com/202112/${i}_1024.jpg" src="data:image/gif;base64,R0lGOD" data-width="800" data-height="600"></div>`,
    `<p>${text}</p>`,
    i % 5 === 0
      ? `<pre class="x"><code class="language-js">const a = { b: ${i} }; if (a &lt; b) {}</code></pre>`
      : `<blockquote><p>${text.slice(0, 60)}</p></blockquote>`,
    i % 7 === 0
      ? `<table><tr><th>项目</th><th>数值</th></tr><tr><td>${i}</td><td>${text.slice(0, 20)}</td></tr></table>`
      : `<figure><img src="https://img.ithome.com/newsuploadfiles/${i}.png" srcset="//img.ithome.com/${i}@2x.png 2x" width="640"><figcaption>图 ${i}</figcaption></figure>`,
  ].join('');
}

/** Builds an article body of roughly `kb` kilobytes of UTF-8. */
function makeArticle(kb: number): string {
  let html = '';
  for (let i = 0; Buffer.byteLength(html) < kb * 1024; i++) html += block(i);
  return html;
}

function item(content: string): FeedItem {
  return {
    ...{ id: 'x', title: 't', link: 'https://www.myzaker.com/article/1', published: null, updated: null },
    ...{ author: null, summary: null, content, categories: [], enclosures: [], image: null, baseUrl: null },
  };
}

// linkedom lacks a few of the browser APIs DOMPurify reads: `parentNode` and friends are instance
// fields (not prototype getters), and there is no NodeFilter or DOMImplementation.
function createLinkedomPurify(): (html: string) => string {
  const dom = parseHTML('<!doctype html><html><head></head><body></body></html>') as unknown as Record<
    string,
    { prototype: object } & Record<string, unknown>
  >;
  const withGetters = (real: { prototype: object }): unknown => {
    const getters: PropertyDescriptorMap = {};
    for (const name of ['parentNode', 'ownerDocument', 'nodeType', 'nodeName', 'namespaceURI']) {
      getters[name] = {
        get: function (this: Record<string, unknown>) {
          return this[name];
        },
      };
    }
    const shim = function () {} as unknown as { prototype: object };
    shim.prototype = Object.create(real.prototype, getters) as object;
    Object.defineProperty(shim, Symbol.hasInstance, { value: (v: unknown) => v instanceof (real as never) });
    return shim;
  };
  const document = dom.document as unknown as Record<string, unknown>;
  document.implementation = {
    createHTMLDocument: () => parseHTML('<!doctype html><html><head></head><body></body></html>').document,
  };
  const purify = createDOMPurify({
    ...{ document, DocumentFragment: dom.DocumentFragment, HTMLTemplateElement: dom.HTMLTemplateElement },
    ...{ Node: withGetters(dom.Node as never), Element: withGetters(dom.Element as never) },
    ...{ HTMLFormElement: dom.HTMLFormElement, DOMParser: dom.DOMParser, NamedNodeMap: dom.NamedNodeMap },
    NodeFilter: {
      SHOW_ELEMENT: 1,
      SHOW_TEXT: 4,
      SHOW_CDATA_SECTION: 8,
      SHOW_PROCESSING_INSTRUCTION: 64,
      SHOW_COMMENT: 128,
    },
  } as unknown as WindowLike);
  if (!purify.isSupported) throw new Error('DOMPurify does not support this linkedom window');
  // linkedom's DOMParser only builds a body for a whole document.
  return (html) => purify.sanitize(`<!doctype html><html><head></head><body>${html}</body></html>`);
}

/**
 * The whole content step (sanitize, resolve, lazy images, proxy, tracking, cover, Hexo escaping) against
 * sanitize-html alone with the same allowlist and DOMPurify on linkedom alone, on generated
 * Chinese article bodies of 3–50 KB with many images.
 */
export default async function contentBenchmark(): Promise<void> {
  const purify = createLinkedomPurify();
  const sanitizeOptions = comparableSanitizeHtmlOptions();
  const options = {
    images: {
      mode: 'http-only' as const,
      target: { kind: 'template' as const, template: 'https://w.dev/?{url}' },
    },
    coverFallback: 'https://picsum.photos/400/300?random={n}',
    sourceKey: 'rsshub:/zaker/channel/1',
    identity: 'id:x',
  };
  for (const kb of [3, 12, 50]) {
    const articles = Array.from({ length: 200 / Math.sqrt(kb) }, (_, i) => makeArticle(kb) + `<p>${i}</p>`);
    const bytes = articles.reduce((sum, html) => sum + Buffer.byteLength(html), 0);
    const contenders: Array<[string, () => void]> = [
      [
        'newsmill content step',
        () => {
          for (const html of articles) escapeHexoBraces(processItemContent(item(html), options).html);
        },
      ],
      [
        'sanitize-html 2.17 alone',
        () => {
          for (const html of articles) sanitizeHtml(html, sanitizeOptions);
        },
      ],
      [
        'DOMPurify 3.4 + linkedom alone',
        () => {
          for (const html of articles) purify(html);
        },
      ],
    ];
    // Warm every contender's JIT before any is timed, so that running first is no handicap.
    for (let i = 0; i < 10; i++) for (const [, work] of contenders) work();
    const times = await alternate(
      contenders.map(([name, work]) => ({ name, run: () => timeMs(work) })),
      roundsFor(41),
    );
    const megabytes = bytes / 1024 / 1024;
    reportTimes(
      `content: ${articles.length} articles of ~${kb} KB (${megabytes.toFixed(2)} MB per round)`,
      contenders.map(([name]) => name),
      times,
      (ms) => `${(megabytes / (ms / 1000)).toFixed(1).padStart(6)} MB/s  `,
    );
  }
}
