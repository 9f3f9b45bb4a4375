import { decodeHTMLStrict } from 'entities';
import { Parser } from 'htmlparser2';
import { resolveFeedUrl } from './resolve-url.js';
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

interface Frame {
  element: XmlElement;
  scope: Scope;
  /** Offset of the start tag, for warnings. */
  start: number;
}

/**
 * Builds an element tree from XML with htmlparser2, recovering from ill-formed markup.
 *
 * Entities are decoded here rather than by htmlparser2 so that CDATA stays verbatim and HTML named
 * entities that feeds use without declaring them (`&nbsp;`, `&mdash;`) are decoded like `&amp;`.
 */
export function buildXmlTree(text: string, documentUrl: string | null): XmlDocument {
  const top: XmlElement = { name: '#document', attrs: {}, children: [], base: null };
  const stack: Frame[] = [{ element: top, scope: Object.create(null) as Scope, start: 0 }];
  const doc: XmlDocument = { root: null, firstElementName: null, warnings: [] };
  let rootPlainNamespace: string | null = null;
  let pending = '';
  let unclosed = 0;
  let firstUnclosed: { name: string; index: number } | null = null;

  const current = (): Frame => stack[stack.length - 1] as Frame;
  const flushText = (): void => {
    if (pending === '') return;
    if (stack.length > 1) current().element.children.push(decodeXmlText(pending));
    pending = '';
  };

  const parser: Parser = new Parser(
    {
      onopentag(rawName, rawAttrs) {
        flushText();
        const parent = current();
        const scope = declareNamespaces(parent.scope, rawAttrs);
        const { uri, local } = splitName(rawName, scope, true);
        doc.firstElementName ??= rawName;
        const isRoot = doc.root === null && isFeedRoot(local, uri);
        if (isRoot && isAtomNamespace(uri)) rootPlainNamespace = uri ?? null;
        let attrs: Record<string, string> = NO_ATTRIBUTES;
        for (const key in rawAttrs) {
          if (attrs === NO_ATTRIBUTES) attrs = {};
          if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
          const attr = splitName(key, scope, false);
          attrs[canonicalName(key, attr.uri, attr.local, rootPlainNamespace)] = decodeXmlText(
            rawAttrs[key] as string,
          );
        }
        const xmlBase = attrs['xml:base'];
        const inherited = parent.element.base;
        const base =
          xmlBase === undefined ? inherited : resolveFeedUrl(xmlBase, inherited ?? documentUrl) || inherited;
        const element: XmlElement = {
          name: canonicalName(rawName, uri, local, rootPlainNamespace),
          attrs,
          children: [],
          base,
        };
        parent.element.children.push(element);
        const container = HTML_VOID_ELEMENTS.has(element.name) ? parent.element : element;
        stack.push({ element: container, scope, start: parser.startIndex });
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
        if (stack.length > 1) current().element.children.push(pending);
        pending = '';
      },
      onclosetag(name, isImplied) {
        flushText();
        const frame = stack.pop();
        // htmlparser2 reports `<x/>` as an implied close too; only a real mismatch is ill-formed.
        const end = parser.endIndex;
        const selfClosing = text.charCodeAt(end) === 0x3e && text.charCodeAt(end - 1) === 0x2f;
        if (isImplied && !selfClosing && frame) {
          unclosed++;
          firstUnclosed ??= { name, index: frame.start };
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
  return doc;
}

/** Decodes XML character references plus HTML named entities that feeds use undeclared. */
function decodeXmlText(raw: string): string {
  return raw.includes('&') ? decodeHTMLStrict(raw) : raw;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
