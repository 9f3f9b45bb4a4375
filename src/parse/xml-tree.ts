import { Parser } from 'htmlparser2';
import { resolveFeedUrl } from './resolve-url.js';
import { decodeXmlText } from './xml-entities.js';
import type { Scope } from './xml-namespaces.js';
import {
  canonicalName,
  declareNamespaces,
  isAtomNamespace,
  isFeedRoot,
  splitName,
} from './xml-namespaces.js';
import type { XmlElement } from './xml-node.js';

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

// Most elements have no attributes; sharing one frozen object spares the garbage collector.
const NO_ATTRIBUTES: Record<string, string> = Object.freeze({}) as Record<string, string>;

// Far deeper than any real feed's markup, far shallower than what overflows a recursive walk.
const MAX_DEPTH = 256;

/**
 * Builds an element tree from XML with htmlparser2, recovering from ill-formed markup.
 *
 * Entities are decoded here rather than by htmlparser2 so that CDATA stays verbatim and HTML named
 * entities that feeds use without declaring them (`&nbsp;`, `&mdash;`) are decoded like `&amp;`.
 */
export function buildXmlTree(text: string, documentUrl: string | null): XmlDocument {
  const top: XmlElement = { name: '#document', attrs: {}, children: [], base: null };
  // The open elements, as parallel arrays rather than frame objects: one allocation fewer per element.
  const elements: XmlElement[] = [top];
  const scopes: Scope[] = [Object.create(null) as Scope];
  // Offsets of the start tags, for warnings.
  const starts: number[] = [0];
  const doc: XmlDocument = { root: null, firstElementName: null, warnings: [] };
  let rootPlainNamespace: string | null = null;
  let pending = '';
  let unclosed = 0;
  // Stack index of the outermost open item or entry, or -1.
  let openRecord = -1;
  let nestedRecords = 0;
  let flattened = 0;
  let firstUnclosed: { name: string; index: number } | null = null;

  // Canonical names depend only on the raw name and the scope, and scopes are shared until an
  // element declares a namespace, so nearly every name is computed once per document.
  const elementNames = new Map<Scope, Map<string, string>>();
  const attributeNames = new Map<Scope, Map<string, string>>();
  // The root's scope holds nearly every element, so its maps skip the lookup by scope.
  let rootScope: Scope | null = null;
  let rootElementNames = new Map<string, string>();
  let rootAttributeNames = new Map<string, string>();
  const cachedName = (
    cache: Map<Scope, Map<string, string>>,
    scope: Scope,
    raw: string,
    isElement: boolean,
  ): string => {
    let names = scope === rootScope ? (isElement ? rootElementNames : rootAttributeNames) : cache.get(scope);
    if (names === undefined) {
      names = new Map<string, string>();
      cache.set(scope, names);
    }
    let name = names.get(raw);
    if (name === undefined) {
      const { uri, local } = splitName(raw, scope, isElement);
      name = canonicalName(raw, uri, local, rootPlainNamespace);
      names.set(raw, name);
    }
    return name;
  };
  const flushText = (): void => {
    if (pending === '') return;
    if (elements.length > 1)
      (elements[elements.length - 1] as XmlElement).children.push(decodeXmlText(pending));
    pending = '';
  };

  const parser: Parser = new Parser(
    {
      onopentag(rawName, rawAttrs) {
        flushText();
        const depth = elements.length - 1;
        const parent = elements[depth] as XmlElement;
        const scope = declareNamespaces(scopes[depth] as Scope, rawAttrs);
        let name: string;
        let isRoot = false;
        if (doc.root === null) {
          const { uri, local } = splitName(rawName, scope, true);
          doc.firstElementName ??= rawName;
          isRoot = isFeedRoot(local, uri);
          // The root's own namespace is the feed vocabulary, even an unexpected one
          // (`<rss xmlns="http://example.com/rss">`); RDF's root namespace is RDF's, not RSS's.
          if (isRoot && (isAtomNamespace(uri) || local.toLowerCase() === 'rss'))
            rootPlainNamespace = uri ?? null;
          if (isRoot) {
            attributeNames.clear();
            rootScope = scope;
            rootElementNames = new Map();
            rootAttributeNames = new Map();
          }
          name = canonicalName(rawName, uri, local, rootPlainNamespace);
        } else {
          name = cachedName(elementNames, scope, rawName, true);
        }
        let attrs: Record<string, string> = NO_ATTRIBUTES;
        for (const key in rawAttrs) {
          if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
          if (attrs === NO_ATTRIBUTES) attrs = {};
          attrs[cachedName(attributeNames, scope, key, false)] = decodeXmlText(rawAttrs[key] as string);
        }
        // An item opened inside an unclosed item is its sibling, not its child: nesting it would
        // hide it from the format readers, dropping a good item because of a bad one.
        const isRecord = name === 'item' || name === 'entry';
        let holder = parent;
        if (isRecord && openRecord >= 0) {
          holder = elements[openRecord - 1] as XmlElement;
          nestedRecords++;
        }
        const xmlBase = attrs['xml:base'];
        const inherited = holder.base;
        const base =
          xmlBase === undefined ? inherited : resolveFeedUrl(xmlBase, inherited ?? documentUrl) || inherited;
        const element: XmlElement = { name, attrs, children: [], base };
        holder.children.push(element);
        if (isRecord && openRecord < 0) openRecord = elements.length;
        // Past the limit an element's content goes to its parent, as a void element's would:
        // thousands of unclosed `<p>` would otherwise nest until every walk of the tree overflows
        // the stack, losing the whole feed over one item.
        const flatten = elements.length > MAX_DEPTH;
        if (flatten) flattened++;
        elements.push(flatten || HTML_VOID_ELEMENTS.has(name) ? parent : element);
        scopes.push(scope);
        starts.push(parser.startIndex);
        if (isRoot) doc.root = element;
      },
      ontext(data) {
        pending += data;
      },
      oncdatastart() {
        flushText();
      },
      oncdataend() {
        // CDATA is character data taken verbatim: no entity decoding.
        if (elements.length > 1) (elements[elements.length - 1] as XmlElement).children.push(pending);
        pending = '';
      },
      onclosetag(name, isImplied) {
        flushText();
        elements.pop();
        scopes.pop();
        const start = starts.pop();
        if (elements.length === openRecord) openRecord = -1;
        // htmlparser2 reports `<x/>` as an implied close too; only a real mismatch is ill-formed.
        const end = parser.endIndex;
        const selfClosing = text.charCodeAt(end) === 0x3e && text.charCodeAt(end - 1) === 0x2f;
        if (isImplied && !selfClosing && start !== undefined) {
          unclosed++;
          firstUnclosed ??= { name, index: start };
        }
      },
    },
    { xmlMode: true, decodeEntities: false, recognizeCDATA: true },
  );
  parser.end(text);

  if (firstUnclosed !== null) {
    const { name, index } = firstUnclosed as { name: string; index: number };
    const line = lineAt(text, index);
    doc.warnings.push(
      `ill-formed XML: ${unclosed} element(s) not closed properly, first <${name}> near line ${line}`,
    );
  }
  if (flattened > 0) {
    doc.warnings.push(
      `ill-formed XML: ${flattened} element(s) nested deeper than ${MAX_DEPTH} levels were flattened`,
    );
  }
  if (nestedRecords > 0) {
    doc.warnings.push(`ill-formed XML: ${nestedRecords} item(s) opened inside an unclosed item`);
  }
  return doc;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
