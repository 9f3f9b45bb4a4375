import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../test-support/chromium.js';
import { startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server.js';
import { escapeHexoBraces } from '../io/hexo-escape.js';
import type { ImageProxyPolicy } from './image-proxy.js';
import { sanitizeWithSanitizeHtml } from '../test-support/sanitize-html-reference.js';
import { sanitizeArticleHtml } from './sanitize.js';
import { DEFAULT_IFRAME_HOSTS } from './sanitize-policy.js';
import { loadXssCorpus } from '../test-support/xss-corpus.js';

const vectors = loadXssCorpus();
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

type Sanitizer = 'newsmill' | 'sanitize-html' | 'raw';
interface Finding {
  sanitizer: Sanitizer;
  index: number;
  kind: string;
  detail: string;
}

// Installed in every frame before any page script: the classic payloads call these, and a script that
// runs but throws still reports through onerror.
const HOOKS = `(() => {
  const hit = (kind, detail) => { try { window.top.__xssHit(kind, String(detail)); } catch { window.__xssHit?.(kind, String(detail)); } };
  for (const name of ['alert', 'confirm', 'prompt', 'print']) window[name] = (v) => hit(name, v);
  window.addEventListener('error', (e) => hit('onerror', e.message || (e.target && e.target.outerHTML)), false);
})();`;

// After rendering, the article must contain nothing that could run: checked in the live DOM, so it
// sees what the browser built from our serialization, not what we meant to write.
const AUDIT = `(() => {
  const problems = [];
  const article = document.querySelector('#article');
  for (const el of article ? article.querySelectorAll('*') : []) {
    if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml') problems.push('foreign element ' + el.localName);
    if (/^(?:script|style|object|embed|form|base|meta|link|template|noscript|svg|math)$/.test(el.localName))
      problems.push('element ' + el.localName);
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name) || attr.name === 'style' || attr.name === 'srcdoc') problems.push('attribute ' + attr.name);
      if (/^(?:href|src|poster|cite|action|formaction|xlink:href)$/.test(attr.name)) {
        const ok = /^(?:https?:|mailto:|data:image\\/(?:png|jpe?g|gif|webp|avif|bmp);)/i.test(attr.value);
        if (!ok) problems.push(attr.name + '=' + attr.value.slice(0, 40));
      }
    }
  }
  return problems;
})()`;

let server: LoopbackServer;
let browser: Browser;
const pages = new Map<string, string>();

/** What the browser did while rendering one sanitizer's pages in a context of their own. */
interface Rendering {
  findings: Finding[];
  /** Pages fully loaded and audited, to show that the rendering covered every vector. */
  visited: number;
  /** Allowed player iframes that were requested (and aborted: the network is closed). */
  embeds: string[];
}

function handle(request: IncomingMessage, response: ServerResponse): void {
  const url = request.url ?? '/';
  const page = pages.get(url);
  if (page !== undefined) {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  } else if (url.startsWith('/proxy?')) {
    response.writeHead(200, { 'content-type': 'image/gif' }).end(GIF);
  } else {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
}

/** Serializes the article exactly as a post embeds it: brace-escaped, inside the post's `<div>`. */
function postPage(html: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>post</title></head><body><div id="article">   \n${escapeHexoBraces(html)}  \n</div></body></html>`;
}

function vectorIndex(pageUrl: string, sanitizer: Sanitizer): number | null {
  const match = new RegExp(`/v/${sanitizer}/(\\d+)`).exec(pageUrl);
  return match ? Number(match[1]) : null;
}

async function newContext(sanitizer: Sanitizer, rendering: Rendering): Promise<BrowserContext> {
  const record = (index: number, kind: string, detail: string): void => {
    rendering.findings.push({ sanitizer, index, kind, detail });
  };
  const context = await browser.newContext({ javaScriptEnabled: true });
  await context.exposeBinding('__xssHit', ({ page }, kind: string, detail: string) => {
    const index = vectorIndex(page.url(), sanitizer);
    if (index !== null) record(index, kind, detail);
  });
  await context.addInitScript(HOOKS);
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    let pageUrl = '';
    try {
      pageUrl = route.request().frame().page().url();
    } catch {
      // A request without a frame (a worker) still counts, against no particular vector.
    }
    const isEmbed =
      route.request().resourceType() === 'document' &&
      DEFAULT_IFRAME_HOSTS.some((host) => host === url.hostname);
    if (isEmbed) rendering.embeds.push(url.href);
    else record(vectorIndex(pageUrl, sanitizer) ?? -1, 'network', url.href);
    return route.abort();
  });
  return context;
}

async function visit(page: Page, sanitizer: Sanitizer, index: number, rendering: Rendering): Promise<void> {
  page.removeAllListeners('dialog');
  page.on('dialog', (dialog) => {
    rendering.findings.push({ sanitizer, index, kind: 'dialog', detail: dialog.message() });
    void dialog.dismiss().catch(() => undefined);
  });
  await page.goto(`${server.url}/v/${sanitizer}/${index}`, { waitUntil: 'load', timeout: 10_000 });
  // Autofocus, SVG animation and media events fire shortly after load.
  await page.waitForTimeout(60);
  for (const problem of await page.evaluate<string[]>(AUDIT))
    rendering.findings.push({ sanitizer, index, kind: 'dom', detail: problem });
  rendering.visited++;
}

async function renderAll(sanitizer: Sanitizer, count: number): Promise<Rendering> {
  const rendering: Rendering = { findings: [], visited: 0, embeds: [] };
  const context = await newContext(sanitizer, rendering);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      const page = await context.newPage();
      while (next < count) await visit(page, sanitizer, next++, rendering);
    }),
  );
  await context.close();
  return rendering;
}

const renderings = new Map<Sanitizer, Promise<Rendering>>();

/**
 * Each test asks for the renderings it needs, so it checks the same whether it runs alone or after
 * the others; a rendering is deterministic, so one made for an earlier test is reused, not redone.
 */
function rendered(sanitizer: Sanitizer): Promise<Rendering> {
  const count = sanitizer === 'raw' ? CONTROLS.length : vectors.length;
  let rendering = renderings.get(sanitizer);
  if (!rendering) {
    rendering = renderAll(sanitizer, count);
    renderings.set(sanitizer, rendering);
  }
  return rendering;
}

/** The vectors whose rendering ran script, requested something from outside or left an executable DOM. */
function flagged(rendering: Rendering): Set<number> {
  return new Set(rendering.findings.map((f) => f.index));
}

function describeFinding(f: Finding): string {
  const vector = vectors[f.index];
  return `${f.kind} ${f.detail} ← ${JSON.stringify(vector?.html)} (${vector?.file}:${vector?.line})`;
}

// Unsanitized payloads that must trip each detector, proving the harness can see an execution.
const CONTROLS = [
  '<img src=x onerror=alert(1)>',
  '<script>confirm(1)</script>',
  '<script>throw new Error("ran")</script>',
  '<img src="https://xss.example/leak.png">',
  '<svg><a href="javascript:alert(1)"><text>x</text></a></svg>',
];

describe('sanitized XSS corpus in headless Chromium', () => {
  beforeAll(async () => {
    server = await startLoopbackServer(handle);
    // Rendered as a default config would publish it: http images through a (loopback) proxy.
    const images: ImageProxyPolicy = {
      mode: 'http-only',
      target: { kind: 'template', template: `${server.url}/proxy?{url}` },
    };
    const options = { base: `${server.url}/article/1`, images };
    vectors.forEach((vector, index) => {
      pages.set(`/v/newsmill/${index}`, postPage(sanitizeArticleHtml(vector.html, options)));
      pages.set(`/v/sanitize-html/${index}`, postPage(sanitizeWithSanitizeHtml(vector.html, options)));
    });
    CONTROLS.forEach((html, index) => pages.set(`/v/raw/${index}`, postPage(html)));
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('has at least 300 vectors', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(300);
  });

  it('detects every kind of execution when the payloads are not sanitized', async () => {
    const raw = await rendered('raw');
    const kinds = (index: number): string[] =>
      raw.findings.filter((f) => f.index === index).map((f) => f.kind);
    expect(kinds(0)).toContain('alert');
    expect(kinds(1)).toContain('confirm');
    expect(kinds(2)).toContain('onerror');
    expect(kinds(3)).toContain('network');
    expect(kinds(4)).toContain('dom');
  });

  it('runs none of them, loads nothing from outside and leaves nothing executable in the DOM', async () => {
    expect(flagged(await rendered('raw')).size).toBe(CONTROLS.length); // the harness sees executions
    const ours = await rendered('newsmill');
    expect(ours.visited).toBe(vectors.length);
    expect(ours.findings.map(describeFinding)).toEqual([]);
  }, 120_000);

  it('is at least as safe as sanitize-html with the same allowlist (the differential reference)', async () => {
    expect(flagged(await rendered('raw')).size).toBe(CONTROLS.length); // the harness sees executions
    const ours = await rendered('newsmill');
    const reference = await rendered('sanitize-html');
    // Both renderings covered the whole corpus, so the comparison below is not vacuous.
    expect([ours.visited, reference.visited]).toEqual([vectors.length, vectors.length]);
    const referenceFlagged = flagged(reference);
    console.info(
      `xss corpus: ${vectors.length} vectors; flagged (executions, outside requests or executable DOM): newsmill ${flagged(ours).size}, sanitize-html ${referenceFlagged.size}; allowed player embeds requested: ${ours.embeds.length} and ${reference.embeds.length}`,
    );
    // Wherever sanitize-html's output runs nothing and leaves nothing executable, neither may ours.
    const worse = ours.findings.filter((f) => !referenceFlagged.has(f.index));
    expect(worse.map(describeFinding)).toEqual([]);
  }, 240_000);
});
