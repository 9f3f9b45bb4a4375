import { decodeHTML } from 'entities';

// Comments and tag-shaped text; only tags of HTML elements are markup, so "a < b", "Vec<T>" and
// "List<String>" in a title stay text.
const TAG_PATTERN = /<!--[\s\S]*?-->|<\/?([A-Za-z][A-Za-z0-9]*)(?:[\s/][^<>]*)?>/g;
// Current and obsolete HTML elements (HTML §16.2, "Non-conforming features", parses them all).
const HTML_ELEMENTS = new Set(
  (
    'a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big blink ' +
    'blockquote body br button canvas caption center cite code col colgroup data datalist dd del details ' +
    'dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 ' +
    'h4 h5 h6 head header hgroup hr html i iframe image img input ins isindex kbd keygen label legend li ' +
    'link listing main map mark marquee math menu menuitem meta meter multicol nav nextid nobr noembed ' +
    'noframes noscript object ol optgroup option output p param picture plaintext pre progress q rb rp rt ' +
    'rtc ruby s samp script search section select slot small source spacer span strike strong style sub ' +
    'summary sup svg table tbody td template textarea tfoot th thead time title tr track tt u ul var video ' +
    'wbr xmp'
  ).split(' '),
);
// Elements whose content a reader never sees as text: code, styles, and what stands in for a
// plugin, a frame or a script. Their text goes with their tags (feedparser drops script, style and
// applet content the same way).
const HIDDEN_ELEMENTS = new Set(
  'applet iframe noembed noframes noscript object script style svg template'.split(' '),
);
// Of those, the ones whose content is raw text to an HTML parser (HTML §13.1.2): it ends at the
// first matching end tag, whatever tags it seems to contain.
const RAW_TEXT_END: Record<string, RegExp> = {};
for (const name of ['iframe', 'noembed', 'noframes', 'noscript', 'script', 'style'])
  RAW_TEXT_END[name] = new RegExp(`</${name}[\\s/>]`, 'gi');
// Block-level elements separate words; inline ones (`<b>`, `<span>`) must not split them.
const BLOCK_ELEMENTS = new Set(
  (
    'address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 ' +
    'header hr li main nav ol p pre section table td th tr ul'
  ).split(' '),
);
// A name in mixed case ("Object", "Option") is a type parameter, not an element: HTML is written in
// one case, and "List<Object>" must survive.
const MIXED_CASE = /[a-z][A-Z]|^[A-Z][a-z]/;

// eslint-disable-next-line no-control-regex -- C0 controls other than white space, and DEL
const NEEDS_COLLAPSE = /^\s|\s$|\s\s|[^\S ]|[\x00-\x08\x0e-\x1f\x7f]/;
// eslint-disable-next-line no-control-regex -- see NEEDS_COLLAPSE
const CONTROLS = /[\x00-\x08\x0e-\x1f\x7f]/g;

/**
 * Collapses whitespace runs to single spaces and trims, without C0 controls or DEL; null when
 * nothing is left.
 */
export function collapseText(value: string | null | undefined): string | null {
  if (value == null) return null;
  // Most labels and ids are already clean; testing is far cheaper than replacing.
  if (value !== '' && !NEEDS_COLLAPSE.test(value)) return value;
  // parseFeed removes raw controls (XML 1.0 §2.2), but references (&#x1b;, §4.1) and JSON escapes
  // (\u001b) bring them back, and from titles they reached the store and the site's pages.
  const collapsed = value.replace(CONTROLS, '').replace(/\s+/g, ' ').trim();
  return collapsed === '' ? null : collapsed;
}

/** Whether an element's text is never shown to a reader (`script`, `style`, plugin fallbacks…). */
export function isHiddenElement(name: string): boolean {
  return HIDDEN_ELEMENTS.has(name.toLowerCase());
}

/** Whether an element starts a new block, so the text on either side is separate words. */
export function isBlockElement(name: string): boolean {
  return BLOCK_ELEMENTS.has(name.toLowerCase());
}

/**
 * Turns an HTML-ish string (an RSS title, an Atom `type="html"` title) into plain text: strips
 * tags, and the content of hidden elements (scripts, styles, plugin fallbacks), decodes entities a
 * second time because feeds routinely double-escape (`&amp;amp;`), and collapses whitespace; null
 * when empty.
 */
export function htmlToPlainText(value: string | null | undefined): string | null {
  if (value == null) return null;
  let text = value.includes('<') ? stripTags(value) : value;
  if (text.includes('&')) text = decodeHTML(text);
  return collapseText(text);
}

/** A tag of markup in an HTML-ish string; `hidden` spans a hidden element whose text is raw, end tag included. */
interface Markup {
  start: number;
  end: number;
  /** Lower-cased element name; '' for a comment. */
  name: string;
  kind: 'open' | 'close' | 'empty' | 'hidden';
}

function stripTags(html: string): string {
  const markup = findMarkup(html);
  const closedAt = pairHiddenElements(markup);
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < markup.length; i++) {
    const tag = markup[i] as Markup;
    parts.push(html.slice(from, tag.start), BLOCK_ELEMENTS.has(tag.name) ? ' ' : '');
    // A hidden element's text goes with it, up to the end tag that closes it.
    const close = closedAt.get(i);
    if (close !== undefined) i = close;
    from = (markup[i] as Markup).end;
  }
  parts.push(html.slice(from));
  return parts.join('');
}

/** The markup in document order: comments and tags of HTML elements, in one linear pass. */
function findMarkup(html: string): Markup[] {
  const markup: Markup[] = [];
  // Raw text elements not closed after this index, by name: searching again would make many
  // unclosed `<script>` tags quadratic.
  const unclosedFrom = new Map<string, number>();
  const tags = new RegExp(TAG_PATTERN);
  for (let m = tags.exec(html); m !== null; m = tags.exec(html)) {
    const [tag, name] = m;
    if (name !== undefined && (MIXED_CASE.test(name) || !HTML_ELEMENTS.has(name.toLowerCase()))) continue;
    const lower = name?.toLowerCase() ?? '';
    const closing = tag[1] === '/';
    const item: Markup = { start: m.index, end: tags.lastIndex, name: lower, kind: 'empty' };
    if (name !== undefined && !tag.endsWith('/>')) item.kind = closing ? 'close' : 'open';
    const rawEnd = item.kind === 'open' ? RAW_TEXT_END[lower] : undefined;
    if (rawEnd !== undefined && item.end < (unclosedFrom.get(lower) ?? Infinity)) {
      rawEnd.lastIndex = item.end;
      const found = rawEnd.exec(html);
      // Without its end tag it is only a tag: "the <script> tag" keeps its words.
      if (found === null) unclosedFrom.set(lower, item.end);
      else {
        const close = html.indexOf('>', found.index);
        item.end = tags.lastIndex = close < 0 ? html.length : close + 1;
        item.kind = 'hidden';
      }
    }
    markup.push(item);
  }
  return markup;
}

/**
 * Matches the start tags of hidden elements that nest (an object inside an object) with their end
 * tags, with one stack per name: start index → end index. An element left open is only a tag.
 */
function pairHiddenElements(markup: readonly Markup[]): Map<number, number> {
  const closedAt = new Map<number, number>();
  const open = new Map<string, number[]>();
  markup.forEach(({ name, kind }, index) => {
    if (!HIDDEN_ELEMENTS.has(name) || (kind !== 'open' && kind !== 'close')) return;
    let stack = open.get(name);
    if (stack === undefined) open.set(name, (stack = []));
    if (kind === 'open') stack.push(index);
    else if (stack.length > 0) closedAt.set(stack.pop() as number, index);
  });
  return closedAt;
}
