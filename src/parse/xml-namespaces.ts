/** Prefix → namespace URI bindings in effect at an element; '' is the default namespace. */
export type Scope = Record<string, string>;

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

/** Whether a namespace URI is Atom 1.0 or 0.3. */
export function isAtomNamespace(uri: string | undefined): boolean {
  return uri !== undefined && ATOM_NAMESPACES.has(uri);
}

/** Whether an element is a feed root: `rss`, RDF's `rdf:RDF`, or Atom's `feed`. */
export function isFeedRoot(local: string, uri: string | undefined): boolean {
  if (local === 'rss') return true;
  if (local === 'RDF') return uri === RDF_NAMESPACE || uri === undefined;
  if (local === 'feed') return uri === undefined || uri === '' || ATOM_NAMESPACES.has(uri);
  return false;
}

/** Returns the scope with an element's `xmlns` declarations applied, copying only when there are some. */
export function declareNamespaces(parent: Scope, attrs: Record<string, string>): Scope {
  let scope: Scope | null = null;
  for (const key in attrs) {
    if (key !== 'xmlns' && !key.startsWith('xmlns:')) continue;
    scope ??= Object.assign(Object.create(null) as Scope, parent);
    scope[key === 'xmlns' ? '' : key.slice(6)] = (attrs[key] as string).trim();
  }
  return scope ?? parent;
}

/** Splits a qualified name and looks up its namespace; unprefixed attributes have none. */
export function splitName(
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

/** The name the parsers match on (see `XmlElement.name` in xml-node.ts). */
export function canonicalName(
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
