import { resolveFeedUrl } from './resolve-url.js';
import type { DeclaredEntities } from './xml-declared-entities.js';
import { readDoctype } from './xml-doctype.js';
import { decodeXmlText } from '../io/xml-entities.js';
import { isAtomNamespace, isFeedRoot, NameResolver, splitName } from './xml-namespaces.js';
import type { XmlElement } from './xml-node.js';
import { NO_CHILDREN, OpenElements } from './xml-open-elements.js';
import { NO_ATTRIBUTES, readXml, type XmlAttributes, type XmlHandlers } from '../io/xml-reader.js';
import { MAX_XML_DEPTH, XmlRecovery } from './xml-recovery.js';

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

/**
 * Builds an element tree from reader events. A start tag is read in steps: namespaces, name,
 * attributes, where it goes (xml-open-elements.ts), whether it is too deep (xml-recovery.ts), `xml:base`.
 */
class TreeBuilder implements XmlHandlers {
  readonly doc: XmlDocument = { root: null, firstElementName: null, warnings: [] };
  private readonly names = new NameResolver();
  private readonly open = new OpenElements(
    { name: '#document', attrs: {}, children: [], base: null },
    this.names,
  );
  private readonly recovery = new XmlRecovery();
  private readonly text = new PendingText();

  constructor(
    private readonly documentUrl: string | null,
    private readonly entities: DeclaredEntities | null,
  ) {}

  onopentag(rawName: string, rawAttrs: XmlAttributes, start: number): void {
    if (this.recovery.dropsOpen()) return;
    this.flushText();
    const { names, open } = this;
    const hasAttributes = rawAttrs !== NO_ATTRIBUTES;
    // `for…in` costs even on an empty object, and most elements have no attributes.
    const declares = hasAttributes && names.enter(rawAttrs);
    const isRoot = this.doc.root === null && claimFeedRoot(this.doc, names, rawName);
    const name = names.element(rawName);
    const attrs = hasAttributes ? readAttributes(rawAttrs, names, this.entities) : NO_ATTRIBUTES;
    const holderIndex = open.holderFor(name);
    const depth = open.depthAt(holderIndex) + 1;
    // Past the limit the markup is dropped and its text goes to the deepest element kept: thousands
    // of unclosed `<p>` would otherwise nest until every walk of the tree overflows the stack,
    // losing the whole feed over one item, and hostile nesting would cost an element per tag.
    if (depth > MAX_XML_DEPTH) {
      if (declares) names.leave();
      this.recovery.flatten();
      return;
    }
    const base = baseOf(attrs, open.elementAt(holderIndex), this.documentUrl);
    const element: XmlElement = {
      name,
      attrs,
      children: HTML_VOID_ELEMENTS.has(name) ? NO_CHILDREN : [],
      base,
    };
    open.push(element, holderIndex, depth, declares, start);
    if (isRoot) this.doc.root = element;
  }

  wantsAttributes(): boolean {
    return !this.recovery.dropping();
  }

  ontext(raw: string): void {
    this.text.add(raw);
  }

  oncdata(text: string): void {
    this.flushText();
    // CDATA is character data taken verbatim: no entity decoding.
    this.open.current()?.children.push(text);
  }

  onclosetag(name: string, implied: boolean): void {
    if (this.recovery.dropsClose(implied)) return;
    this.flushText();
    const start = this.open.pop();
    if (implied) this.recovery.noteUnclosed(name, start);
  }

  /** Adds the warnings for what was recovered from, once the whole text is read. */
  finish(text: string): XmlDocument {
    const { warnings } = this.doc;
    warnings.push(...this.recovery.warnings(text, this.open.nestedRecords));
    if (this.entities !== null) warnings.push(...this.entities.warnings);
    return this.doc;
  }

  private flushText(): void {
    const text = this.text.take();
    if (text !== '') this.open.current()?.children.push(decodeXmlText(text, this.entities));
  }
}

/** The text read since the last tag, its runs joined only when a tag or the end needs them. */
class PendingText {
  private first = '';
  // Further runs, joined a batch at a time: past the depth limit the text between a million
  // dropped tags is one run, and a million-deep `+=` rope kept the garbage collector busy for
  // most of the parse.
  private readonly parts: string[] = [];

  add(raw: string): void {
    if (this.first === '') this.first = raw;
    else if (this.parts.push(raw) === 1024) this.join();
  }

  /** The text gathered so far ('' when none), which then starts afresh. */
  take(): string {
    if (this.parts.length > 0) this.join();
    const text = this.first;
    this.first = '';
    return text;
  }

  private join(): void {
    this.first += this.parts.join('');
    this.parts.length = 0;
  }
}

/**
 * Builds an element tree from XML, recovering from ill-formed markup, in time linear in the text
 * whatever its shape (see io/xml-reader.ts; markup nested past {@link MAX_XML_DEPTH} is flattened).
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

/** Whether the first feed-root candidate is a feed root; if so, its namespace becomes the plain one. */
function claimFeedRoot(doc: XmlDocument, names: NameResolver, rawName: string): boolean {
  const { uri, local } = splitName(rawName, names.bindings, true);
  doc.firstElementName ??= rawName;
  if (!isFeedRoot(local, uri)) return false;
  // The root's own namespace is the feed vocabulary, even an unexpected one
  // (`<rss xmlns="http://example.com/rss">`); RDF's root namespace is RDF's, not RSS's.
  const plain = isAtomNamespace(uri) || local.toLowerCase() === 'rss' ? (uri ?? null) : null;
  names.setPlainNamespace(plain);
  return true;
}

// Canonical names and decoded values; namespace declarations are not attributes.
function readAttributes(
  rawAttrs: XmlAttributes,
  names: NameResolver,
  entities: DeclaredEntities | null,
): Record<string, string> {
  let attrs: Record<string, string> = NO_ATTRIBUTES;
  for (const key in rawAttrs) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
    if (attrs === NO_ATTRIBUTES) attrs = {};
    attrs[names.attribute(key)] = decodeXmlText(rawAttrs[key] as string, entities);
  }
  return attrs;
}

// The `xml:base` in effect in an element: its own, resolved against its holder's, else its holder's.
function baseOf(
  attrs: Record<string, string>,
  holder: XmlElement,
  documentUrl: string | null,
): string | null {
  const xmlBase = attrs['xml:base'];
  const inherited = holder.base;
  if (xmlBase === undefined) return inherited;
  return resolveFeedUrl(xmlBase, inherited ?? documentUrl) || inherited;
}
