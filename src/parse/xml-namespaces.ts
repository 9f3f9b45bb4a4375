/** Prefix → namespace URI bindings in effect at an element; '' is the default namespace. */
export type Scope = Record<string, string>;

const RDF_NAMESPACE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

// Conventional prefixes for the namespaces the parsers read; '' means "the feed's own vocabulary".
// Keys are normalized (see normalizeNamespace): feeds write these URIs with stray case and slashes.
const KNOWN_NAMESPACES = new Map<string, string>([
  ['http://purl.org/rss/1.0', ''],
  ['http://my.netscape.com/rdf/simple/0.9', ''],
  ['http://backend.userland.com/rss2', ''],
  ['http://backend.userland.com/rss', ''],
  ['http://purl.org/rss/1.0/modules/content', 'content'],
  ['http://purl.org/dc/elements/1.1', 'dc'],
  ['http://purl.org/dc/elements/1.0', 'dc'],
  ['http://purl.org/dc/terms', 'dcterms'],
  ['http://search.yahoo.com/mrss', 'media'],
  ['http://video.search.yahoo.com/mrss', 'media'],
  ['http://www.itunes.com/dtds/podcast-1.0.dtd', 'itunes'],
  ['http://www.itunes.com/dtds/podcast-1.0.dtd/', 'itunes'],
  ['http://www.google.com/schemas/play-podcasts/1.0', 'googleplay'],
  ['http://rssnamespace.org/feedburner/ext/1.0', 'feedburner'],
  ['http://purl.org/rss/1.0/modules/syndication', 'sy'],
  ['http://www.w3.org/2005/atom', 'atom'],
  ['http://purl.org/atom/ns', 'atom'],
  ['http://www.w3.org/1999/02/22-rdf-syntax-ns', 'rdf'],
  ['http://www.w3.org/1999/xhtml', 'xhtml'],
  ['http://www.w3.org/xml/1998/namespace', 'xml'],
]);

const prefixCache = new Map<string, string | null>();

function normalizeNamespace(uri: string): string {
  return uri
    .trim()
    .toLowerCase()
    .replace(/^https:/, 'http:')
    .replace(/[/#]+$/, '');
}

/** The conventional prefix of a known namespace URI ('' for the feed vocabularies), or null. */
function knownPrefix(uri: string): string | null {
  let prefix = prefixCache.get(uri);
  if (prefix === undefined) {
    prefix = KNOWN_NAMESPACES.get(normalizeNamespace(uri)) ?? null;
    if (prefixCache.size < 1000) prefixCache.set(uri, prefix);
  }
  return prefix;
}

/** Whether a namespace URI is Atom 1.0 or 0.3. */
export function isAtomNamespace(uri: string | undefined): boolean {
  return uri !== undefined && knownPrefix(uri) === 'atom';
}

/** Whether an element is a feed root: `rss`, RDF's `rdf:RDF`, or Atom's `feed` (names compared case-blind). */
export function isFeedRoot(local: string, uri: string | undefined): boolean {
  const name = local.toLowerCase();
  if (name === 'rss') return true;
  if (name === 'rdf') return uri === undefined || uri === RDF_NAMESPACE || knownPrefix(uri) === 'rdf';
  if (name === 'feed') return uri === undefined || uri === '' || isAtomNamespace(uri);
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

/**
 * The name the parsers match on (see `XmlElement.name` in xml-node.ts), lower-cased: feeds write
 * `<pubdate>`, `<PubDate>` and `<Description>`, and feedparser has always read them case-blind.
 */
export function canonicalName(
  raw: string,
  uri: string | undefined,
  local: string,
  plainNamespace: string | null,
): string {
  // Undeclared prefixes (a common feed bug) keep the name as written, which is usually conventional.
  if (uri === undefined || uri === '') return raw.toLowerCase();
  if (uri === plainNamespace) return local.toLowerCase();
  const prefix = knownPrefix(uri);
  // An unknown namespace is foreign vocabulary: its `title` must not be taken for the feed's own.
  if (prefix === null) return (raw.includes(':') ? raw : `other:${local}`).toLowerCase();
  return prefix === '' ? local.toLowerCase() : `${prefix}:${local.toLowerCase()}`;
}
