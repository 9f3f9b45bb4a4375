import { decodeHTMLStrict } from 'entities';
import { Parser } from 'htmlparser2';
import { resolveFeedUrl } from './resolve-url.js';
import type { XmlElement } from './xml-node.js';

/** The result of reading an XML document leniently. */
export interface XmlDocument {
  /** The feed root (`rss`, `rdf:RDF` or `feed`, at any depth so junk before it is skipped), or null. */
  root: XmlElement | null;
  /** The namespace URI of the root element, or null. */
  rootNamespace: string | null;
  /** The name of the first element seen, for error messages; null when there is none. */
  firstElementName: string | null;
  /** Well-formedness problems that were recovered from. */
  warnings: string[];
}

const ATOM_NAMESPACES = new Set(['http://www.w3.org/2005/Atom', 'http://purl.org/atom/ns#']);
const RDF_NAMESPACE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

// Conventional prefixes for the namespaces the parsers read; '' means "the feed's own vocabulary".
const KNOWN_NAMESPACES = new Map<string, string>([
  ['http://purl.org/rss/1.0/', ''],
  ['http://my.netscape.com/rdf/simple/0.9/', ''],
  ['http://backend.userland.com/rss2', ''],
  ['http://purl.org/rss/1.0/modules/content/', 'content'],
  ['http://purl.org/dc/elements/1.1/', 'dc'],
  ['http://purl.org/dc/terms/', 'dcterms'],
  ['http://search.yahoo.com/mrss/', 'media'],
  ['http://search.yahoo.com/mrss', 'media'],
  ['http://www.itunes.com/dtds/podcast-1.0.dtd', 'itunes'],
  ['http://www.w3.org/2005/Atom', 'atom'],
  ['http://purl.org/atom/ns#', 'atom'],
  [RDF_NAMESPACE, 'rdf'],
  ['http://www.w3.org/1999/xhtml', 'xhtml'],
  ['http://www.w3.org/XML/1998/namespace', 'xml'],
]);

type Scope = Record<string, string>;

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
  const doc: XmlDocument = { root: null, rootNamespace: null, firstElementName: null, warnings: [] };
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
        if (isRoot && uri !== undefined && ATOM_NAMESPACES.has(uri)) rootPlainNamespace = uri;
        const attrs: Record<string, string> = {};
        for (const key in rawAttrs) {
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
        stack.push({ element, scope, start: parser.startIndex });
        if (isRoot) {
          doc.root = element;
          doc.rootNamespace = uri ?? null;
        }
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

function declareNamespaces(parent: Scope, attrs: Record<string, string>): Scope {
  let scope: Scope | null = null;
  for (const key in attrs) {
    if (key !== 'xmlns' && !key.startsWith('xmlns:')) continue;
    scope ??= Object.assign(Object.create(null) as Scope, parent);
    scope[key === 'xmlns' ? '' : key.slice(6)] = (attrs[key] as string).trim();
  }
  return scope ?? parent;
}

function splitName(
  raw: string,
  scope: Scope,
  isElement: boolean,
): { uri: string | undefined; local: string } {
  const colon = raw.indexOf(':');
  if (colon < 0) return { uri: isElement ? scope[''] : undefined, local: raw };
  const prefix = raw.slice(0, colon);
  const local = raw.slice(colon + 1);
  if (prefix === 'xml') return { uri: 'http://www.w3.org/XML/1998/namespace', local };
  return { uri: scope[prefix], local };
}

function canonicalName(
  raw: string,
  uri: string | undefined,
  local: string,
  plainNamespace: string | null,
): string {
  // Undeclared prefixes (a common feed bug) keep the name as written, which is usually conventional.
  if (uri === undefined || uri === '') return raw;
  if (uri === plainNamespace) return local;
  const prefix = KNOWN_NAMESPACES.get(uri);
  if (prefix === undefined) return raw.includes(':') ? raw : local;
  return prefix === '' ? local : `${prefix}:${local}`;
}

function isFeedRoot(local: string, uri: string | undefined): boolean {
  if (local === 'rss') return true;
  if (local === 'RDF') return uri === RDF_NAMESPACE || uri === undefined;
  if (local === 'feed') return uri === undefined || uri === '' || ATOM_NAMESPACES.has(uri);
  return false;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
