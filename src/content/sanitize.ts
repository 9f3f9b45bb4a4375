import { Parser, type Handler } from 'htmlparser2';
import { escapeHtmlAttribute, escapeHtmlText, trimHtmlSpaceEnd, trimHtmlSpaceStart } from './html-escape.js';
import { promoteLazyImage } from './lazy-images.js';
import { rewriteMediaAttributes, type MediaRewriteOptions } from './media-attributes.js';
import {
  ALLOWED_TAGS,
  DEFAULT_IFRAME_HOSTS,
  DROPPED_WITH_CONTENT,
  IFRAME_SANDBOX,
  VOID_TAGS,
  filterCodeClasses,
  type AttributeRule,
} from './sanitize-policy.js';

export { DEFAULT_IFRAME_HOSTS } from './sanitize-policy.js';

/** An image the cleaned article shows, as the cover picker needs it. */
export interface KeptImage {
  /** The final `src`, possibly proxied. */
  src: string;
  /** The image's own URL before proxying (or its raw attribute when it could not be resolved). */
  original: string;
  width: string | undefined;
  height: string | undefined;
  className: string | undefined;
}

/** What sanitizing one article needs: its base URL, its image proxy policy and the iframe allowlist. */
export interface SanitizeOptions extends MediaRewriteOptions {
  iframeHosts?: readonly string[];
  /** Called for every `<img>` that is kept, in document order. */
  onImage?: (image: KeptImage) => void;
}

// The last line of defence for URL attributes: whatever the rewriting did, only these reach the page.
const SAFE_URL = /^(?:https?:\/\/|mailto:|data:image\/(?:png|jpe?g|gif|webp|avif|bmp);)/i;
const URL_TAGS = new Set([
  'a',
  'img',
  'source',
  'video',
  'audio',
  'track',
  'iframe',
  'blockquote',
  'q',
  'del',
  'ins',
]);
const TAGS_WITH_ATTRIBUTES = new Set(
  [...ALLOWED_TAGS].filter(([, rules]) => Object.keys(rules).length > 0).map(([tag]) => tag),
);
const NUMBER = /^\s*-?\d{1,6}\s*$/;
const SIZE = /^\s*\d{1,5}(?:\.\d{1,3})?(?:%|px)?\s*$/i;

function checkAttribute(rule: AttributeRule, value: string): string | null {
  if (rule === 'text') return value;
  if (rule === 'url') return SAFE_URL.test(value) ? value : null;
  if (rule === 'number' || rule === 'size')
    return (rule === 'number' ? NUMBER : SIZE).test(value) ? value.trim() : null;
  if (rule === 'flag') return '';
  return rule.test(value) ? value : null;
}

function serializeAttributes(tag: string, attribs: Record<string, string>): string {
  const rules = ALLOWED_TAGS.get(tag) ?? {};
  let out = '';
  for (const name in rules) {
    const raw = attribs[name];
    if (raw === undefined || !Object.hasOwn(attribs, name)) continue;
    const rule = rules[name] as AttributeRule;
    const value = name === 'class' ? filterCodeClasses(raw) : checkAttribute(rule, raw);
    if (value === null) continue;
    out += rule === 'flag' ? ` ${name}` : ` ${name}="${escapeHtmlAttribute(value)}"`;
  }
  return out;
}

/** Streams htmlparser2 events into an allowlisted, fully re-escaped serialization. */
class ArticleWriter implements Partial<Handler> {
  private out = '';
  private pending = '';
  /** One entry per element htmlparser2 has open: the end tag to write, or null when none is owed. */
  private readonly stack: (string | null)[] = [];
  /** Stack depth of the element whose whole content is being dropped, or -1. */
  private dropDepth = -1;
  private readonly iframeHosts: readonly string[];

  constructor(private readonly options: SanitizeOptions) {
    this.iframeHosts = (options.iframeHosts ?? DEFAULT_IFRAME_HOSTS).map((host) => host.toLowerCase());
  }

  onopentag(name: string, attribs: Record<string, string>): void {
    if (this.dropDepth >= 0) {
      this.stack.push(null);
      return;
    }
    if (name === 'iframe') this.writeIframe(attribs);
    if (DROPPED_WITH_CONTENT.has(name)) {
      this.dropDepth = this.stack.length;
      this.stack.push(null);
      return;
    }
    const start = ALLOWED_TAGS.has(name) ? this.startTag(name, attribs) : null;
    if (start === null) {
      // Not allowed (or emptied by the rules): the tag goes, its content stays.
      this.stack.push(null);
      return;
    }
    this.flushText();
    const isVoid = VOID_TAGS.has(name);
    this.out += isVoid ? `<${name}${start} />` : `<${name}${start}>`;
    this.stack.push(isVoid ? null : name);
  }

  onclosetag(): void {
    const endTag = this.stack.pop();
    if (this.stack.length === this.dropDepth) this.dropDepth = -1;
    if (endTag) {
      this.flushText();
      this.out += `</${endTag}>`;
    }
  }

  ontext(text: string): void {
    if (this.dropDepth < 0) this.pending += text;
  }

  result(): string {
    // Leading or trailing blank lines would end the post's HTML block early (see html-escape.ts), and
    // outside <pre> that whitespace shows nothing anyway.
    this.pending = trimHtmlSpaceEnd(this.pending);
    this.flushText();
    return this.out;
  }

  private flushText(): void {
    if (this.out === '') this.pending = trimHtmlSpaceStart(this.pending);
    if (this.pending === '') return;
    this.out += escapeHtmlText(this.pending);
    this.pending = '';
  }

  /** Returns the serialized attributes of an allowed start tag, or null when the element must go. */
  private startTag(name: string, attribs: Record<string, string>): string | null {
    if (!URL_TAGS.has(name)) return TAGS_WITH_ATTRIBUTES.has(name) ? serializeAttributes(name, attribs) : '';
    const raw = name === 'img' ? promoteLazyImage(attribs).src : undefined;
    const rewritten = rewriteMediaAttributes(name, attribs, this.options);
    if (rewritten === null) return null;
    if ((name === 'img' || name === 'source') && !rewritten.src && !rewritten.srcset) return null;
    if (name === 'a') {
      delete rewritten.rel;
      delete rewritten.target;
      if (rewritten.href) {
        rewritten.rel = 'noopener noreferrer nofollow';
        rewritten.target = '_blank';
      }
    }
    if (name === 'img' && rewritten.src && this.options.onImage) {
      this.options.onImage({
        src: rewritten.src,
        original: raw ?? rewritten.src,
        width: rewritten.width,
        height: rewritten.height,
        className: rewritten.class,
      });
    }
    return serializeAttributes(name, rewritten);
  }

  private writeIframe(attribs: Record<string, string>): void {
    const src = rewriteMediaAttributes('iframe', attribs, this.options)?.src;
    if (!src) return;
    let url: URL;
    try {
      url = new URL(src);
    } catch {
      // The fast path of resolveUrl passes some hosts and ports the URL parser refuses (port 99999).
      return;
    }
    if (!this.iframeHosts.includes(url.hostname)) return;
    // Every listed player serves https; an http player would be blocked as mixed content anyway.
    url.protocol = 'https:';
    const start = serializeAttributes('iframe', {
      ...attribs,
      src: url.href,
      sandbox: IFRAME_SANDBOX,
      referrerpolicy: 'no-referrer',
      loading: 'lazy',
    });
    this.flushText();
    this.out += `<iframe${start}></iframe>`;
  }
}

/**
 * Cleans untrusted article HTML in one pass: htmlparser2 tokenizes, and only allowlisted tags and
 * attributes are written back, with every text and attribute value re-escaped, so no byte of the input
 * reaches the page unparsed. URL rewriting (resolve, lazy images, proxy, tracking removal) happens as
 * each tag is read, and the result is checked again against the allowlist before it is written.
 */
export function sanitizeArticleHtml(html: string, options: SanitizeOptions): string {
  const writer = new ArticleWriter(options);
  const parser = new Parser(writer, {
    decodeEntities: true,
    lowerCaseTags: true,
    lowerCaseAttributeNames: true,
  });
  parser.end(html);
  return writer.result();
}
