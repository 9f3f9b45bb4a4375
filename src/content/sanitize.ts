import { decodeHTML, decodeHTMLAttribute } from 'entities/decode';
import { HtmlTokenizer, type ArticleTokenCallbacks } from './html-tokenizer.js';
import { escapeHexoHtmlText } from '../io/hexo-escape.js';
import { trimHtmlSpaceEnd, trimHtmlSpaceStart } from './html-space.js';
import { DEFAULT_IFRAME_HOSTS } from './sanitize-policy.js';
import { writeStartTag, type KeptImage, type StartTagOptions, type TagPlan } from './start-tag.js';
import type { MediaRewriteOptions } from './media-attributes.js';
import { elementInfo, type ElementInfo } from './tree-rules.js';

export { DEFAULT_IFRAME_HOSTS } from './sanitize-policy.js';
export type { KeptImage } from './start-tag.js';

/** What sanitizing one article needs: its base URL, its image proxy policy and the iframe allowlist. */
export interface SanitizeOptions extends MediaRewriteOptions {
  iframeHosts?: readonly string[];
  /** Called for every `<img>` that is kept, in document order. */
  onImage?: (image: KeptImage) => void;
}

// Deeper elements are not written, only their text: hostile nesting a million deep would make pages
// that browsers and every later HTML parser (Hexo's plugins, readers' apps) struggle with, for nothing.
const MAX_OUTPUT_DEPTH = 256;

/**
 * Receives tokenizer events as offsets into the source, rebuilds the element tree with htmlparser2's
 * `Parser` rules (tree-rules.ts), and writes only allowlisted tags and attributes. Entities are left to
 * this writer, so plain text is sliced once and only a run that holds `&` is decoded; attributes that
 * no rule reads are never even sliced.
 */
class ArticleWriter implements ArticleTokenCallbacks {
  /** The output so far, joined once at the end (cheaper than a deep rope of `+=`). */
  private readonly out: string[] = [];
  private pending = '';
  /** Source text read but not yet added to `pending`, or `runEnd` -1. */
  private runStart = 0;
  private runEnd = -1;
  /** The open elements, innermost last, as htmlparser2's `Parser` would have them. */
  private readonly open: ElementInfo[] = [];
  /** How many elements of each name are open: an end tag that matches none is ignored at once. */
  private readonly openCounts = new Map<string, number>();
  /** For each open element, the end tag owed to the output, or null. */
  private readonly endTags: (string | null)[] = [];
  /** Parser's foreign-content flags, innermost last: inside SVG or MathML, `<x/>` closes x. */
  private readonly foreign: boolean[] = [false];
  /** Index in `open` of the element whose whole content is being dropped, or -1. */
  private dropDepth = -1;
  /** The start tag being tokenized. */
  private tag: ElementInfo | null = null;
  /** The attributes read from the start tag being tokenized, or null when none are wanted. */
  private attribs: Record<string, string> | null = null;
  private reads: TagPlan['reads'] = null;
  /** The attribute whose value is being read, or '' when its value is skipped. */
  private attribName = '';
  private attribValue = '';

  constructor(
    private readonly source: string,
    private readonly options: StartTagOptions,
  ) {}

  ontext(start: number, end: number): void {
    if (this.dropDepth >= 0) return;
    // Stray `<` split text into pieces that follow one another: 20 MB of them were ten million
    // one-character texts in a ten-million-deep rope. Entities never span a `<`, so a run decodes alike.
    if (start === this.runEnd) this.runEnd = end;
    else {
      this.takeRun();
      this.runStart = start;
      this.runEnd = end;
    }
  }

  /** Adds the run of source text read so far to the pending text. */
  private takeRun(): void {
    if (this.runEnd < 0) return;
    const text = this.source.slice(this.runStart, this.runEnd);
    this.pending += text.includes('&') ? decodeHTML(text) : text;
    this.runEnd = -1;
  }

  onopentagname(start: number, end: number): void {
    this.openTag(elementInfo(this.source.slice(start, end)));
  }

  onattribname(start: number, end: number): void {
    // Lowercasing keeps the length of any name it can turn into an allowlisted one (the Kelvin sign K
    // becomes k), so a name of a length no rule has is skipped unread.
    const candidates = this.reads?.[end - start];
    if (candidates === undefined) return;
    let name = candidates.find((candidate) => this.source.startsWith(candidate, start));
    if (name === undefined) {
      const lower = this.source.slice(start, end).toLowerCase();
      name = candidates.find((candidate) => candidate === lower);
      if (name === undefined) return;
    }
    // As in the Parser, the first occurrence of an attribute wins.
    if (this.attribs?.[name] === undefined) this.attribName = name;
  }

  onattribdata(start: number, end: number): void {
    if (this.attribName !== '') this.attribValue += this.source.slice(start, end);
  }

  onattribend(): void {
    if (this.attribName === '' || this.attribs === null) return;
    const value = this.attribValue;
    this.attribs[this.attribName] = value.includes('&') ? decodeHTMLAttribute(value) : value;
    this.attribName = '';
    this.attribValue = '';
  }

  onopentagend(): void {
    this.endOpenTag();
  }

  onselfclosingtag(): void {
    const isVoid = this.tag?.isVoid ?? true;
    this.endOpenTag();
    // Only in foreign content does `/>` close the element (and then the Parser keeps its foreign flag).
    if (this.foreign[this.foreign.length - 1] && !isVoid) this.pop();
  }

  onclosetag(start: number, end: number): void {
    // Most end tags close the current element: compare in place, without slicing or looking up.
    const current = this.open[this.open.length - 1];
    if (current && end - start === current.name.length && this.source.startsWith(current.name, start)) {
      if (current.foreign !== undefined) this.foreign.pop();
      return this.pop();
    }
    const info = elementInfo(this.source.slice(start, end));
    if (info.foreign !== undefined) this.foreign.pop();
    if (info.isVoid) {
      // `</br>` is a `<br>`; other void end tags mean nothing.
      if (info.name === 'br') this.openElement(info, null);
      return;
    }
    // Searching the open elements for every unmatched end tag was quadratic: 1 MB of `</span>`
    // under deep nesting took 80 s.
    let index = (this.openCounts.get(info.name) ?? 0) > 0 ? this.open.length - 1 : -1;
    while (index >= 0 && (this.open[index] as ElementInfo).name !== info.name) index--;
    if (index !== -1) {
      while (this.open.length > index) this.pop();
    } else if (info.name === 'p') {
      // An unmatched `</p>` is an empty paragraph.
      this.openTag(info);
      this.endOpenTag();
      this.pop();
    }
  }

  onend(): void {
    while (this.open.length > 0) this.pop();
  }

  result(): string {
    // Leading or trailing blank lines would end the post's HTML block early (see io/hexo-escape.ts), and
    // outside <pre> that whitespace shows nothing anyway.
    this.takeRun();
    this.pending = trimHtmlSpaceEnd(this.pending);
    this.flushText();
    return this.out.join('');
  }

  /** Applies a start tag's implied end tags, pushes it (unless void), and gets ready for its attributes. */
  private openTag(info: ElementInfo): void {
    const closes = info.closes;
    if (closes)
      while (this.open.length > 0 && closes.has((this.open[this.open.length - 1] as ElementInfo).name))
        this.pop();
    this.tag = info;
    if (!info.isVoid) {
      this.open.push(info);
      this.openCounts.set(info.name, (this.openCounts.get(info.name) ?? 0) + 1);
      this.endTags.push(null);
      if (info.foreign !== undefined) this.foreign.push(info.foreign);
    }
    this.reads = this.dropDepth < 0 && this.open.length <= MAX_OUTPUT_DEPTH ? info.plan.reads : null;
    this.attribs = this.reads ? {} : null;
  }

  private endOpenTag(): void {
    const info = this.tag;
    const attribs = this.attribs;
    this.tag = null;
    this.attribs = null;
    this.reads = null;
    if (info === null) return;
    const endTag = this.openElement(info, attribs);
    if (!info.isVoid) this.endTags[this.endTags.length - 1] = endTag;
  }

  /** Writes an element's start tag if it is kept, and returns the end tag it is owed. */
  private openElement(info: ElementInfo, attribs: Record<string, string> | null): string | null {
    if (this.dropDepth >= 0) return null;
    const plan = info.plan;
    let start: string | null = null;
    if (this.open.length > MAX_OUTPUT_DEPTH) start = null;
    else if (plan.kind === 'bare') start = plan.open;
    else if (plan.kind === 'attributes') start = writeStartTag(info.name, attribs ?? {}, this.options);
    if (start !== null) {
      this.flushText();
      this.out.push(start);
    }
    if (plan.dropsContent) {
      if (!info.isVoid) this.dropDepth = this.open.length - 1;
      return null;
    }
    return start === null ? null : plan.close;
  }

  private pop(): void {
    const info = this.open.pop();
    if (info) this.openCounts.set(info.name, (this.openCounts.get(info.name) as number) - 1);
    const endTag = this.endTags.pop();
    if (this.open.length === this.dropDepth) this.dropDepth = -1;
    if (endTag) {
      this.flushText();
      this.out.push(endTag);
    }
  }

  private flushText(): void {
    this.takeRun();
    if (this.out.length === 0) this.pending = trimHtmlSpaceStart(this.pending);
    if (this.pending === '') return;
    this.out.push(escapeHexoHtmlText(this.pending));
    this.pending = '';
  }
}

/**
 * Cleans untrusted article HTML in one pass: a port of htmlparser2's tokenizer reads it, and only
 * allowlisted tags and attributes are written back, with every text and attribute value re-escaped, so
 * no byte of the input reaches the page unparsed. URL rewriting (resolve, lazy images, proxy, tracking
 * removal) happens as each tag is read, and the result is checked again against the allowlist before
 * it is written.
 */
export function sanitizeArticleHtml(html: string, options: SanitizeOptions): string {
  const writer = new ArticleWriter(html, {
    base: options.base,
    images: options.images,
    iframeHosts: (options.iframeHosts ?? DEFAULT_IFRAME_HOSTS).map((host) => host.toLowerCase()),
    onImage: options.onImage,
  });
  new HtmlTokenizer(html, writer).run();
  return writer.result();
}
