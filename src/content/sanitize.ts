import sanitizeHtml from 'sanitize-html';
import { rewriteMediaAttributes, type MediaRewriteOptions } from './media-attributes.js';

/** Video hosts whose players may be embedded; everything else loses its `<iframe>`. */
export const DEFAULT_IFRAME_HOSTS = [
  'player.bilibili.com',
  'www.youtube.com',
  'www.youtube-nocookie.com',
  'player.vimeo.com',
  'player.youku.com',
  'v.qq.com',
] as const;

const ARTICLE_TAGS = [
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'div', 'span', 'section', 'article', 'header', 'footer'],
  ...['ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'img', 'picture', 'source', 'figure', 'figcaption'],
  ...['table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup', 'col'],
  ...['pre', 'code', 'kbd', 'samp', 'var', 'blockquote', 'q', 'cite', 'em', 'strong', 'b', 'i', 'u', 's'],
  ...['del', 'ins', 'mark', 'small', 'abbr', 'time', 'br', 'hr', 'sub', 'sup', 'ruby', 'rt', 'rp'],
  ...['video', 'audio', 'track', 'iframe', 'details', 'summary', 'wbr'],
];

const IFRAME_SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-presentation';

function buildOptions(rewrite: MediaRewriteOptions, iframeHosts: readonly string[]): sanitizeHtml.IOptions {
  return {
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
    // An element whose only URL was refused shows nothing useful: drop it instead of leaving a shell.
    exclusiveFilter: (frame) =>
      ((frame.tag === 'img' || frame.tag === 'source') && !frame.attribs.src && !frame.attribs.srcset) ||
      (frame.tag === 'iframe' && !frame.attribs.src),
    transformTags: {
      '*': (tagName, attribs) => ({
        tagName,
        attribs: finishAttributes(tagName, rewriteMediaAttributes(tagName, { ...attribs }, rewrite)),
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

/** What sanitizing one article needs: its base URL, its image proxy policy and the iframe allowlist. */
export interface SanitizeOptions extends MediaRewriteOptions {
  iframeHosts?: readonly string[];
}

/**
 * Cleans untrusted article HTML with an allowlist. sanitize-html runs our URL and image transforms
 * first and its own tag, attribute and scheme filters last, so whatever a transform produces is still
 * checked before it reaches a page.
 */
export function sanitizeArticleHtml(html: string, options: SanitizeOptions): string {
  return sanitizeHtml(html, buildOptions(options, options.iframeHosts ?? DEFAULT_IFRAME_HOSTS));
}
