import sanitizeHtml from 'sanitize-html';
import { rewriteMediaAttributes, type MediaRewriteOptions } from '../content/media-attributes.js';
import { DEFAULT_IFRAME_HOSTS } from '../content/sanitize-policy.js';

const ARTICLE_TAGS = [
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'div', 'span', 'section', 'article', 'header', 'footer'],
  ...['ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'img', 'picture', 'source', 'figure', 'figcaption'],
  ...['table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup', 'col'],
  ...['pre', 'code', 'kbd', 'samp', 'var', 'blockquote', 'q', 'cite', 'em', 'strong', 'b', 'i', 'u', 's'],
  ...['del', 'ins', 'mark', 'small', 'abbr', 'time', 'br', 'hr', 'sub', 'sup', 'ruby', 'rt', 'rp'],
  ...['video', 'audio', 'track', 'iframe', 'details', 'summary', 'wbr'],
];

const IFRAME_SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-presentation';

function buildOptions(
  rewrite: MediaRewriteOptions | null,
  iframeHosts: readonly string[],
): sanitizeHtml.IOptions {
  const allowlist: sanitizeHtml.IOptions = {
    allowedTags: ARTICLE_TAGS,
    // Everything not listed is dropped; `style`, `class` and `id` stay out so feed markup cannot restyle
    // the page, trigger site scripts, or clobber DOM globals.
    allowedAttributes: {
      a: ['href', 'title', 'rel', 'target'],
      img: ['src', 'srcset', 'sizes', 'alt', 'title', 'width', 'height', 'referrerpolicy', 'loading'],
      source: ['src', 'srcset', 'sizes', 'media', 'type'],
      video: ['src', 'poster', 'controls', 'width', 'height', 'preload', 'loop', 'muted', 'playsinline'],
      audio: ['src', 'controls', 'preload', 'loop', 'muted'],
      track: ['src', 'kind', 'srclang', 'label', 'default'],
      iframe: ['src', 'width', 'height', 'allowfullscreen', 'sandbox', 'referrerpolicy', 'loading'],
      td: ['colspan', 'rowspan', 'align'],
      th: ['colspan', 'rowspan', 'align', 'scope'],
      col: ['span'],
      colgroup: ['span'],
      ol: ['start', 'reversed', 'type'],
      li: ['value'],
      time: ['datetime'],
      abbr: ['title'],
      blockquote: ['cite'],
      q: ['cite'],
      del: ['cite', 'datetime'],
      ins: ['cite', 'datetime'],
      details: ['open'],
      code: ['class'],
      pre: ['class'],
    },
    allowedClasses: { code: ['language-*', 'lang-*', 'hljs'], pre: ['language-*', 'lang-*'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    // data: stays for inline images only (small icons and formulas are commonly inlined).
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'poster', 'srcset'],
    allowProtocolRelative: false,
    allowedIframeHostnames: [...iframeHosts],
    allowIframeRelativeUrls: false,
    // Contents of these are never text a reader should see.
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'template', 'xmp'],
    disallowedTagsMode: 'discard',
    selfClosing: ['img', 'br', 'hr', 'source', 'track', 'wbr', 'col'],
  };
  if (rewrite === null) return allowlist;
  return {
    ...allowlist,
    // An element whose only URL was refused shows nothing useful: drop it instead of leaving a shell.
    exclusiveFilter: (frame) =>
      ((frame.tag === 'img' || frame.tag === 'source') && !frame.attribs.src && !frame.attribs.srcset) ||
      (frame.tag === 'iframe' && !frame.attribs.src),
    transformTags: {
      '*': (tagName, attribs) => ({
        tagName,
        // A tracking pixel comes back as null; without a src the exclusive filter drops it.
        attribs: finishAttributes(tagName, rewriteMediaAttributes(tagName, { ...attribs }, rewrite) ?? {}),
      }),
    },
  };
}

function finishAttributes(tagName: string, attribs: Record<string, string>): Record<string, string> {
  if (tagName === 'a' && attribs.href) {
    attribs.rel = 'noopener noreferrer nofollow';
    attribs.target = '_blank';
  }
  if (tagName === 'iframe') {
    attribs.sandbox = IFRAME_SANDBOX;
    attribs.referrerpolicy = 'no-referrer';
    attribs.loading = 'lazy';
  }
  return attribs;
}

/** sanitize-html options with newsmill's allowlist but none of its URL and image rewriting (for benchmarks). */
export function comparableSanitizeHtmlOptions(): sanitizeHtml.IOptions {
  return buildOptions(null, DEFAULT_IFRAME_HOSTS);
}

/** The reference sanitizer's options: the same as newsmill's own. */
export interface ReferenceSanitizeOptions extends MediaRewriteOptions {
  iframeHosts?: readonly string[];
}

/**
 * newsmill's first sanitizer, on sanitize-html with the same allowlist and transforms. It is no longer
 * used for publishing; tests compare the single-pass sanitizer against it, and the benchmark uses it.
 */
export function sanitizeWithSanitizeHtml(html: string, options: ReferenceSanitizeOptions): string {
  return sanitizeHtml(html, buildOptions(options, options.iframeHosts ?? DEFAULT_IFRAME_HOSTS));
}
