import { escapeHtmlAttribute } from '../io/html-escape.js';
import { LAZY_SRC_ATTRIBUTES, LAZY_SRCSET_ATTRIBUTES, promoteLazyImage } from './lazy-images.js';
import {
  rewriteMediaAttributes,
  rewritePromotedMediaAttributes,
  type MediaRewriteOptions,
} from './media-attributes.js';
import {
  ALLOWED_TAGS,
  DROPPED_WITH_CONTENT,
  IFRAME_SANDBOX,
  VOID_TAGS,
  filterCodeClasses,
  type AttributeRule,
} from './sanitize-policy.js';

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

/** What writing one article's start tags needs: URL rewriting, iframe hosts and the image callback. */
export interface StartTagOptions extends MediaRewriteOptions {
  /** Lowercased hosts whose players may be embedded. */
  iframeHosts: readonly string[];
  onImage: ((image: KeptImage) => void) | undefined;
}

/**
 * How the sanitizer treats one element name: `unwrapped` (not allowlisted: the tag goes, its content
 * stays), `dropped` (removed with all its content), `bare` (allowlisted, written without attributes) or
 * `attributes` (allowlisted, its attributes collected and checked).
 */
export type TagKind = 'unwrapped' | 'dropped' | 'bare' | 'attributes';

/** The precomputed treatment of one element name. */
export interface TagPlan {
  kind: TagKind;
  /** `<p>` or `<br />`, for Bare tags. */
  open: string;
  /** `</p>`, or null for void elements. */
  close: string | null;
  /**
   * The only attributes whose values are read, indexed by name length, so that an attribute name in the
   * source is matched in place; all other attributes are skipped without being sliced or decoded.
   */
  reads: readonly (readonly string[] | undefined)[] | null;
  /** Whether the content is dropped even when the start tag is written (`<iframe>`). */
  dropsContent: boolean;
}

// The last line of defence for URL attributes: whatever the rewriting did, only these reach the page.
const SAFE_URL = /^(?:https?:\/\/|mailto:|data:image\/(?:png|jpe?g|gif|webp|avif|bmp);)/i;
const URL_TAGS = new Set(['a', 'img', 'source', 'video', 'audio', 'track', 'blockquote', 'q', 'del', 'ins']);
const NUMBER = /^\s*-?\d{1,6}\s*$/;
const SIZE = /^\s*\d{1,5}(?:\.\d{1,3})?(?:%|px)?\s*$/i;

function readsOf(tag: string, rules: Readonly<Record<string, AttributeRule>>): (string[] | undefined)[] {
  const names = new Set(Object.keys(rules));
  // Link rel and target are always rewritten; iframe policy attributes are always imposed.
  if (tag === 'a') for (const name of ['rel', 'target']) names.delete(name);
  if (tag === 'iframe') for (const name of ['sandbox', 'referrerpolicy', 'loading']) names.delete(name);
  // Images also read their lazy-loading attributes, and `class` for the cover's icon check.
  if (tag === 'img')
    for (const name of [...LAZY_SRC_ATTRIBUTES, ...LAZY_SRCSET_ATTRIBUTES, 'class']) names.add(name);
  const byLength: (string[] | undefined)[] = [];
  for (const name of names) (byLength[name.length] ??= []).push(name);
  return byLength;
}

function planFor(tag: string): TagPlan {
  const rules = ALLOWED_TAGS.get(tag);
  const close = VOID_TAGS.has(tag) ? null : `</${tag}>`;
  const open = close === null ? `<${tag} />` : `<${tag}>`;
  const plan = { open, close, reads: null, dropsContent: DROPPED_WITH_CONTENT.has(tag) };
  // An allowed iframe keeps its start tag, and like every dropped element loses its content.
  if (tag === 'iframe') return { ...plan, kind: 'attributes', reads: readsOf(tag, rules ?? {}) };
  if (plan.dropsContent) return { ...plan, kind: 'dropped' };
  if (!rules) return { ...plan, kind: 'unwrapped' };
  if (Object.keys(rules).length === 0) return { ...plan, kind: 'bare' };
  return { ...plan, kind: 'attributes', reads: readsOf(tag, rules) };
}

const PLANS = new Map([...ALLOWED_TAGS.keys(), ...DROPPED_WITH_CONTENT].map((tag) => [tag, planFor(tag)]));
const UNWRAPPED: TagPlan = { kind: 'unwrapped', open: '', close: null, reads: null, dropsContent: false };

/** Returns how an element (lowercased name) is treated. */
export function planTag(name: string): TagPlan {
  return PLANS.get(name) ?? UNWRAPPED;
}

function checkAttribute(rule: AttributeRule, value: string): string | null {
  if (rule === 'text') return value;
  if (rule === 'url') return SAFE_URL.test(value) ? value : null;
  if (rule === 'number' || rule === 'size')
    return (rule === 'number' ? NUMBER : SIZE).test(value) ? value.trim() : null;
  if (rule === 'flag') return '';
  return rule.test(value) ? value : null;
}

// Each tag's rules as a list, walked once per start tag in output order.
const RULE_LISTS = new Map(
  [...ALLOWED_TAGS].map(([tag, rules]) => [tag, Object.entries(rules) as [string, AttributeRule][]]),
);

function serializeAttributes(tag: string, attribs: Record<string, string>): string {
  let out = '';
  for (const [name, rule] of RULE_LISTS.get(tag) ?? []) {
    const raw = attribs[name];
    if (raw === undefined || !Object.hasOwn(attribs, name)) continue;
    const value = name === 'class' ? filterCodeClasses(raw) : checkAttribute(rule, raw);
    if (value === null) continue;
    out += rule === 'flag' ? ` ${name}` : ` ${name}="${escapeHtmlAttribute(value)}"`;
  }
  return out;
}

/**
 * Writes the start tag of an allowlisted element with attributes, or returns null when the element must
 * go (a tracking pixel, an image without a usable URL, an iframe from an unlisted host). URLs are
 * rewritten first, and the result is checked against the allowlist as it is written.
 */
export function writeStartTag(
  tag: string,
  attribs: Record<string, string>,
  options: StartTagOptions,
): string | null {
  if (tag === 'iframe') return writeIframe(attribs, options);
  const end = VOID_TAGS.has(tag) ? ' />' : '>';
  if (!URL_TAGS.has(tag)) return `<${tag}${serializeAttributes(tag, attribs)}${end}`;
  const raw = tag === 'img' ? promoteLazyImage(attribs).src : undefined;
  const rewritten = rewritePromotedMediaAttributes(tag, attribs, options);
  if (rewritten === null) return null;
  if ((tag === 'img' || tag === 'source') && !rewritten.src && !rewritten.srcset) return null;
  if (tag === 'a' && rewritten.href) {
    rewritten.rel = 'noopener noreferrer nofollow';
    rewritten.target = '_blank';
  }
  if (tag === 'img' && rewritten.src && options.onImage) {
    options.onImage({
      src: rewritten.src,
      original: raw ?? rewritten.src,
      width: rewritten.width,
      height: rewritten.height,
      className: rewritten.class,
    });
  }
  return `<${tag}${serializeAttributes(tag, rewritten)}${end}`;
}

function writeIframe(attribs: Record<string, string>, options: StartTagOptions): string | null {
  const src = rewriteMediaAttributes('iframe', attribs, options)?.src;
  if (!src) return null;
  let url: URL;
  try {
    url = new URL(src);
  } catch {
    // The fast path of resolveUrl passes some hosts and ports the URL parser refuses (port 99999).
    return null;
  }
  if (!options.iframeHosts.includes(url.hostname)) return null;
  // Every listed player serves https; an http player would be blocked as mixed content anyway.
  url.protocol = 'https:';
  const start = serializeAttributes('iframe', {
    ...attribs,
    src: url.href,
    sandbox: IFRAME_SANDBOX,
    referrerpolicy: 'no-referrer',
    loading: 'lazy',
  });
  return `<iframe${start}></iframe>`;
}
