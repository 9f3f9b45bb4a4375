import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

/** Attributes of a start tag as written: names not normalized, values not entity-decoded; no prototype. */
export type XmlAttributes = Record<string, string>;

/** What {@link readXml} reports, in document order. */
export interface XmlHandlers {
  /** A start tag, with the offset of its `<` in the text. */
  onopentag(name: string, attributes: XmlAttributes, start: number): void;
  /** An element ends; `implied` when no end tag of its own closed it (`<x/>` is not implied). */
  onclosetag(name: string, implied: boolean): void;
  /** Character data as written (entities not decoded). */
  ontext?(raw: string): void;
  /** The content of a CDATA section, verbatim. */
  oncdata?(text: string): void;
  /** Whether the next start tag's attributes are wanted; when false they are not even sliced. */
  wantsAttributes?(): boolean;
}

/** The attributes of every start tag that has none: one frozen object, which callers can test for. */
export const NO_ATTRIBUTES: XmlAttributes = Object.freeze(Object.create(null) as XmlAttributes);

const ignore = (): void => {};

/** How many attributes of one start tag are read; real elements have a handful, hostile ones millions. */
export const MAX_XML_ATTRIBUTES = 1000;

/** An element name with how many elements of that name are open. */
interface OpenName {
  name: string;
  open: number;
}

/**
 * Feeds htmlparser2's `Tokenizer` (which is linear) and keeps the open elements itself. htmlparser2's
 * `Parser` keeps them with `Array#unshift` and finds an end tag's element with `indexOf`, so deep
 * nesting cost time quadratic in the depth: a 1.75 MB feed nested 250,000 levels deep took 37 s.
 * Here opening and closing are a push and a pop, and a count per name answers in constant time
 * whether an end tag closes anything, so every element is pushed and popped once. The stack holds
 * one shared record per name, so that keeping the counts costs one map lookup per start tag, and a
 * run of elements of one name (a million unclosed `<p>`) takes one entry. A start tag keeps at most
 * {@link MAX_XML_ATTRIBUTES} attributes.
 */
class XmlEventReader implements TokenizerCallbacks {
  // The open elements as runs of one name, innermost last: `open[i]` repeated `runs[i]` times.
  private readonly open: OpenName[] = [];
  private readonly runs: number[] = [];
  private attributeCount = 0;
  private keepAttribute = false;
  private readonly names = new Map<string, OpenName>();
  private tagName = '';
  private tagStart = 0;
  private attributes: XmlAttributes = NO_ATTRIBUTES;
  private attributeName = '';
  private attributeValue = '';

  constructor(
    private readonly source: string,
    private readonly offset: number,
    private readonly handlers: XmlHandlers,
  ) {}

  onattribentity = ignore;
  ontextentity = ignore;
  oncomment = ignore;
  ondeclaration = ignore;
  onprocessinginstruction = ignore;

  ontext(start: number, end: number): void {
    this.handlers.ontext?.(this.source.slice(start, end));
  }

  oncdata(start: number, end: number, endOffset: number): void {
    this.handlers.oncdata?.(this.source.slice(start, end - endOffset));
  }

  onopentagname(start: number, end: number): void {
    this.tagName = this.source.slice(start, end);
    this.tagStart = start - 1;
    this.attributes = NO_ATTRIBUTES;
    this.attributeCount = this.handlers.wantsAttributes?.() === false ? MAX_XML_ATTRIBUTES : 0;
  }

  onattribname(start: number, end: number): void {
    this.keepAttribute = ++this.attributeCount <= MAX_XML_ATTRIBUTES;
    if (this.keepAttribute) this.attributeName = this.source.slice(start, end);
  }

  onattribdata(start: number, end: number): void {
    if (this.keepAttribute) this.attributeValue += this.source.slice(start, end);
  }

  onattribend(): void {
    if (!this.keepAttribute) return;
    // Without a prototype, adding a hostile tag's thousands of distinct names makes no hidden classes.
    if (this.attributes === NO_ATTRIBUTES) this.attributes = Object.create(null) as XmlAttributes;
    // As in htmlparser2's Parser, the first of repeated attributes wins.
    if (this.attributes[this.attributeName] === undefined)
      this.attributes[this.attributeName] = this.attributeValue;
    this.attributeValue = '';
  }

  onopentagend(): void {
    this.openElement();
  }

  onselfclosingtag(): void {
    this.openElement();
    this.closeTop(false);
  }

  onclosetag(start: number, end: number): void {
    const top = this.open[this.open.length - 1];
    // Most end tags close the current element: compare in place, without slicing.
    if (top !== undefined && end - start === top.name.length && this.source.startsWith(top.name, start))
      return this.closeTop(false);
    const named = this.names.get(this.source.slice(start, end));
    // An end tag that matches no open element is ignored, as htmlparser2 does.
    if (named === undefined || named.open === 0) return;
    while (this.open[this.open.length - 1] !== named) this.closeTop(true);
    this.closeTop(false);
  }

  onend(): void {
    while (this.open.length > 0) this.closeTop(true);
  }

  private openElement(): void {
    const name = this.tagName;
    let named = this.names.get(name);
    if (named === undefined) this.names.set(name, (named = { name, open: 0 }));
    named.open++;
    const last = this.open.length - 1;
    if (this.open[last] === named) this.runs[last] = (this.runs[last] as number) + 1;
    else {
      this.open.push(named);
      this.runs.push(1);
    }
    this.handlers.onopentag(named.name, this.attributes, this.offset + this.tagStart);
    this.attributes = NO_ATTRIBUTES;
  }

  private closeTop(implied: boolean): void {
    const last = this.open.length - 1;
    const named = this.open[last] as OpenName;
    named.open--;
    const run = this.runs[last] as number;
    if (run > 1) this.runs[last] = run - 1;
    else {
      this.open.pop();
      this.runs.pop();
    }
    this.handlers.onclosetag(named.name, implied);
  }
}

/**
 * Reads XML leniently in time linear in its length whatever its shape, reporting start tags, end tags
 * and character data as htmlparser2's `Parser` does in xmlMode without entity decoding (an end tag
 * closes the nearest open element of its name and those inside it; one matching nothing is ignored).
 * Comments, processing instructions and declarations are skipped. `from` starts reading past a prolog
 * already read; offsets stay those of `text`.
 */
export function readXml(text: string, handlers: XmlHandlers, from = 0): void {
  const source = from === 0 ? text : text.slice(from);
  const tokenizer = new Tokenizer(
    { xmlMode: true, decodeEntities: false },
    new XmlEventReader(source, from, handlers),
  );
  tokenizer.write(source);
  tokenizer.end();
}
