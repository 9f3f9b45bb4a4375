/**
 * newsmill's article allowlist. Anything not named here is removed; the serializer emits only these
 * tag and attribute names, so the output vocabulary is fixed no matter what the input contains.
 */

/** Video hosts whose players may be embedded; everything else loses its `<iframe>`. */
export const DEFAULT_IFRAME_HOSTS = [
  'player.bilibili.com',
  'www.youtube.com',
  'www.youtube-nocookie.com',
  'player.vimeo.com',
  'player.youku.com',
  'v.qq.com',
] as const;

/** The sandbox every kept iframe gets: players need scripts and their own origin, nothing more. */
export const IFRAME_SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-presentation';

/** How an attribute value is checked before it is written out. */
export type AttributeRule = 'text' | 'url' | 'number' | 'size' | 'flag' | RegExp;

const COMMON_BLOCKS = ['p', 'div', 'span', 'section', 'article', 'header', 'footer', 'figure', 'figcaption'];
const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
const INLINE = [
  'em',
  'strong',
  'b',
  'i',
  'u',
  's',
  'mark',
  'small',
  'sub',
  'sup',
  'kbd',
  'samp',
  'var',
  'cite',
];
const OTHER = ['ul', 'dl', 'dt', 'dd', 'br', 'hr', 'wbr', 'picture', 'ruby', 'rt', 'rp', 'summary'];
const TABLE = ['table', 'thead', 'tbody', 'tfoot', 'tr', 'caption'];

/** Allowed tags and, in output order, the attributes each may keep. */
export const ALLOWED_TAGS: ReadonlyMap<string, Readonly<Record<string, AttributeRule>>> = new Map<
  string,
  Record<string, AttributeRule>
>([
  ...[...COMMON_BLOCKS, ...HEADINGS, ...INLINE, ...OTHER, ...TABLE].map(
    (tag) => [tag, {}] as [string, Record<string, AttributeRule>],
  ),
  ['a', { href: 'url', title: 'text', rel: 'text', target: /^_blank$/ }],
  [
    'img',
    {
      src: 'url',
      srcset: 'text',
      sizes: 'text',
      alt: 'text',
      title: 'text',
      width: 'size',
      height: 'size',
      referrerpolicy: 'text',
      loading: 'text',
    },
  ],
  ['source', { src: 'url', srcset: 'text', sizes: 'text', media: 'text', type: /^[\w.+-]+\/[\w.+-]+/ }],
  [
    'video',
    {
      src: 'url',
      poster: 'url',
      controls: 'flag',
      width: 'size',
      height: 'size',
      preload: 'text',
      loop: 'flag',
      muted: 'flag',
      playsinline: 'flag',
    },
  ],
  ['audio', { src: 'url', controls: 'flag', preload: 'text', loop: 'flag', muted: 'flag' }],
  [
    'track',
    {
      src: 'url',
      kind: /^(?:subtitles|captions|descriptions|chapters)$/i,
      srclang: 'text',
      label: 'text',
      default: 'flag',
    },
  ],
  [
    'iframe',
    {
      src: 'url',
      width: 'size',
      height: 'size',
      allowfullscreen: 'flag',
      sandbox: 'text',
      referrerpolicy: 'text',
      loading: 'text',
    },
  ],
  ['td', { colspan: 'number', rowspan: 'number', align: /^(?:left|center|right|justify)$/i }],
  [
    'th',
    {
      colspan: 'number',
      rowspan: 'number',
      align: /^(?:left|center|right|justify)$/i,
      scope: /^(?:row|col|rowgroup|colgroup)$/i,
    },
  ],
  ['col', { span: 'number' }],
  ['colgroup', { span: 'number' }],
  ['ol', { start: 'number', reversed: 'flag', type: /^[1aAiI]$/ }],
  ['li', { value: 'number' }],
  ['time', { datetime: 'text' }],
  ['abbr', { title: 'text' }],
  ['blockquote', { cite: 'url' }],
  ['q', { cite: 'url' }],
  ['del', { cite: 'url', datetime: 'text' }],
  ['ins', { cite: 'url', datetime: 'text' }],
  ['details', { open: 'flag' }],
  ['pre', { class: 'text' }],
  ['code', { class: 'text' }],
]);

/** Elements that have no end tag and no content (HTML §13.1.2). */
export const VOID_TAGS = new Set(['img', 'br', 'hr', 'wbr', 'source', 'track', 'col']);

/**
 * Elements removed together with everything inside them: scripts and styles, raw-text and template
 * content that browsers parse differently from htmlparser2, embedded objects, forms' controls, and all
 * foreign (SVG, MathML) content, whose parsing rules are the classic source of mutation XSS. An
 * allowed `<iframe>` keeps its start tag but never its content.
 */
export const DROPPED_WITH_CONTENT = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'noembed',
  'noframes',
  'xmp',
  'plaintext',
  'textarea',
  'title',
  'select',
  'option',
  'optgroup',
  'datalist',
  'button',
  'object',
  'applet',
  'embed',
  'svg',
  'math',
  'head',
  'frameset',
  'frame',
  'iframe',
  'portal',
  'fencedframe',
  'dialog',
  'slot',
  'param',
  'meta',
  'link',
  'base',
  'input',
  'keygen',
  'image',
  'isindex',
]);

// Highlighters key on these; any other class could hook the site's own CSS or scripts.
const CODE_CLASS = /^(?:language-|lang-)[\w+#.-]{1,40}$|^hljs$/;

/** Keeps only the syntax-highlighting classes of a `class` value, or returns null. */
export function filterCodeClasses(value: string): string | null {
  const kept = value.split(/[\t\n\f\r ]+/).filter((token) => CODE_CLASS.test(token));
  return kept.length > 0 ? kept.join(' ') : null;
}
