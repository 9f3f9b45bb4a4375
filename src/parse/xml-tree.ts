import { resolveFeedUrl } from './resolve-url.js';
import type { DeclaredEntities } from './xml-declared-entities.js';
import { readDoctype } from './xml-doctype.js';
import { decodeXmlText } from './xml-entities.js';
import { isAtomNamespace, isFeedRoot, NameResolver, splitName } from './xml-namespaces.js';
import type { XmlElement, XmlNode } from './xml-node.js';
import { NO_ATTRIBUTES, readXml, type XmlAttributes, type XmlHandlers } from './xml-reader.js';

/** The result of reading an XML document leniently. */
export interface XmlDocument {
  /** The feed root (`rss`, `rdf:RDF` or `feed`, at any depth so junk before it is skipped), or null. */
  root: XmlElement | null;
  /** The name of the first element seen, for error messages; null when there is none. */
  firstElementName: string | null;
  /** Well-formedness problems that were recovered from. */
  warnings: string[];
}

// Raw HTML left unescaped in a feed leaves void elements (`<br>`, `<img>`) open; in xmlMode each
// would swallow what follows and nest deeper, so here they take no children.
const HTML_VOID_ELEMENTS = new Set(['br', 'img', 'hr', 'wbr', 'input', 'col', 'area', 'embed']);

// Void elements never receive children (their content goes to their parent).
const NO_CHILDREN: XmlNode[] = Object.freeze([]) as unknown as XmlNode[];

/** How deep the tree may grow: far deeper than any real feed, far shallower than what overflows a recursive walk. */
const MAX_XML_DEPTH = 256;

/**
 * Builds an element tree from reader events. The open elements are parallel arrays rather than
 * frame objects (one allocation fewer per element), and each holds the element its content goes to.
 */
class TreeBuilder implements XmlHandlers {
  readonly doc: XmlDocument = { root: null, firstElementName: null, warnings: [] };
  private readonly top: XmlElement = { name: '#document', attrs: {}, children: [], base: null };
  private readonly targets: XmlElement[] = [this.top];
  // The depth in the tree of each target: an item opened inside an unclosed item is not deeper.
  private readonly depths: number[] = [0];
  private readonly declares: boolean[] = [false];
  private readonly starts: number[] = [0];
  private readonly names = new NameResolver();
  private pending = '';
  // Further runs of the pending text, joined a batch at a time: past the depth limit the text
  // between a million dropped tags is one run, and a million-deep `+=` rope kept the garbage
  // collector busy for most of the parse.
  private readonly pendingParts: string[] = [];
  // Stack index of the outermost open item or entry, or -1.
  private openRecord = -1;
  private nestedRecords = 0;
  private flattened = 0;
  // How many of the innermost open elements lie past the depth limit and were dropped.
  private overflow = 0;
  private unclosed = 0;
  private firstUnclosed: { name: string; index: number } | null = null;

  constructor(
    private readonly documentUrl: string | null,
    private readonly entities: DeclaredEntities | null,
  ) {}

  onopentag(rawName: string, rawAttrs: XmlAttributes, start: number): void {
    if (this.overflow > 0) {
      this.overflow++;
      this.flattened++;
      return;
    }
    this.flushText();
    const { targets, names } = this;
    const parent = targets[targets.length - 1] as XmlElement;
    const hasAttributes = rawAttrs !== NO_ATTRIBUTES;
    // `for…in` costs even on an empty object, and most elements have no attributes.
    const declares = hasAttributes && names.enter(rawAttrs);
    const isRoot = this.doc.root === null && this.checkRoot(rawName);
    const name = names.element(rawName);
    let attrs: Record<string, string> = NO_ATTRIBUTES;
    if (hasAttributes)
      for (const key in rawAttrs) {
        if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
        if (attrs === NO_ATTRIBUTES) attrs = {};
        attrs[names.attribute(key)] = decodeXmlText(rawAttrs[key] as string, this.entities);
      }
    // An item opened inside an unclosed item is its sibling, not its child: nesting it would
    // hide it from the format readers, dropping a good item because of a bad one.
    const isRecord = name === 'item' || name === 'entry';
    let holderIndex = targets.length - 1;
    if (isRecord && this.openRecord >= 0) {
      holderIndex = this.openRecord - 1;
      this.nestedRecords++;
    }
    const depth = (this.depths[holderIndex] as number) + 1;
    // Past the limit the markup is dropped and its text goes to the deepest element kept: thousands
    // of unclosed `<p>` would otherwise nest until every walk of the tree overflows the stack,
    // losing the whole feed over one item, and hostile nesting would cost an element per tag.
    if (depth > MAX_XML_DEPTH) {
      if (declares) names.leave();
      this.overflow = 1;
      this.flattened++;
      return;
    }
    const holder = targets[holderIndex] as XmlElement;
    const xmlBase = attrs['xml:base'];
    const inherited = holder.base;
    const base =
      xmlBase === undefined ? inherited : resolveFeedUrl(xmlBase, inherited ?? this.documentUrl) || inherited;
    const childless = HTML_VOID_ELEMENTS.has(name);
    const element: XmlElement = { name, attrs, children: childless ? NO_CHILDREN : [], base };
    holder.children.push(element);
    if (isRecord && this.openRecord < 0) this.openRecord = targets.length;
    targets.push(childless ? parent : element);
    this.depths.push(childless ? (this.depths[this.depths.length - 1] as number) : depth);
    this.declares.push(declares);
    this.starts.push(start);
    if (isRoot) this.doc.root = element;
  }

  wantsAttributes(): boolean {
    return this.overflow === 0;
  }

  ontext(raw: string): void {
    if (this.pending === '') this.pending = raw;
    else if (this.pendingParts.push(raw) === 1024) {
      this.pending += this.pendingParts.join('');
      this.pendingParts.length = 0;
    }
  }

  oncdata(text: string): void {
    this.flushText();
    // CDATA is character data taken verbatim: no entity decoding.
    if (this.targets.length > 1) (this.targets[this.targets.length - 1] as XmlElement).children.push(text);
  }

  onclosetag(name: string, implied: boolean): void {
    if (implied) this.unclosed++;
    if (this.overflow > 0) {
      this.overflow--;
      return;
    }
    this.flushText();
    this.targets.pop();
    this.depths.pop();
    if (this.declares.pop() === true) this.names.leave();
    const start = this.starts.pop() as number;
    if (this.targets.length === this.openRecord) this.openRecord = -1;
    if (implied) this.firstUnclosed ??= { name, index: start };
  }

  /** Adds the warnings for what was recovered from, once the whole text is read. */
  finish(text: string): XmlDocument {
    const { warnings } = this.doc;
    if (this.firstUnclosed !== null) {
      const { name, index } = this.firstUnclosed;
      warnings.push(
        `ill-formed XML: ${this.unclosed} element(s) not closed properly, first <${name}> near line ${lineAt(text, index)}`,
      );
    }
    if (this.flattened > 0) {
      warnings.push(
        `ill-formed XML: ${this.flattened} element(s) nested deeper than ${MAX_XML_DEPTH} levels were flattened`,
      );
    }
    if (this.nestedRecords > 0) {
      warnings.push(`ill-formed XML: ${this.nestedRecords} item(s) opened inside an unclosed item`);
    }
    if (this.entities !== null) warnings.push(...this.entities.warnings);
    return this.doc;
  }

  /** Whether the first feed-root candidate is a feed root; if so, its namespace becomes the plain one. */
  private checkRoot(rawName: string): boolean {
    const { uri, local } = splitName(rawName, this.names.bindings, true);
    this.doc.firstElementName ??= rawName;
    if (!isFeedRoot(local, uri)) return false;
    // The root's own namespace is the feed vocabulary, even an unexpected one
    // (`<rss xmlns="http://example.com/rss">`); RDF's root namespace is RDF's, not RSS's.
    const plain = isAtomNamespace(uri) || local.toLowerCase() === 'rss' ? (uri ?? null) : null;
    this.names.setPlainNamespace(plain);
    return true;
  }

  private flushText(): void {
    if (this.pending === '') return;
    if (this.pendingParts.length > 0) {
      this.pending += this.pendingParts.join('');
      this.pendingParts.length = 0;
    }
    if (this.targets.length > 1)
      (this.targets[this.targets.length - 1] as XmlElement).children.push(
        decodeXmlText(this.pending, this.entities),
      );
    this.pending = '';
  }
}

/**
 * Builds an element tree from XML, recovering from ill-formed markup, in time linear in the text
 * whatever its shape (see xml-reader.ts; markup nested past {@link MAX_XML_DEPTH} is flattened).
 *
 * Entities are decoded here rather than by the tokenizer so that CDATA stays verbatim, HTML named
 * entities that feeds use without declaring them (`&nbsp;`, `&mdash;`) are decoded like `&amp;`,
 * and those the DOCTYPE declares are expanded within a budget (see xml-doctype.ts).
 */
export function buildXmlTree(text: string, documentUrl: string | null): XmlDocument {
  const doctype = readDoctype(text);
  const builder = new TreeBuilder(documentUrl, doctype.entities);
  builder.doc.warnings.push(...doctype.warnings);
  readXml(text, builder, doctype.end);
  return builder.finish(text);
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
