// An absolute http(s) URL made only of printable ASCII that needs no escaping: the browser's URL parser
// reads its scheme exactly as written, so it can be used as is, without the cost of a full parse.
const PLAIN_HTTP_URL =
  /^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:[/?#][A-Za-z0-9\-._~!$&()*+,;=:@/?#%[\]]*)?$/;
const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
let lastHostUrl: string | null = null;
let lastHost: string | null = null;
const HOST = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/;

/** Returns the lowercased host of an absolute URL with an authority, or null. */
export function urlHost(url: string): string | null {
  // The tracker check and the proxy policy ask in turn about the same image URL.
  if (url !== lastHostUrl) {
    const host = HOST.exec(url)?.[1];
    lastHostUrl = url;
    lastHost = host ? host.toLowerCase() : null;
  }
  return lastHost;
}

// A path-absolute reference (`/p/1?x`) of the same printable characters, with no dot segment (`/.`,
// `%2e`) and no backslash: resolving it only puts the base's origin in front.
const PLAIN_PATH = /^\/(?![/\\])[A-Za-z0-9\-._~!$&()*+,;=:@/?#%[\]]*$/;
const DOT_SEGMENT = /\/\.|%2e/i;
let lastBase: string | null = null;
let lastOrigin: string | null = null;

/** The serialized origin of an http(s) base (`https://a.cn`), or null; the last one is remembered. */
function baseOrigin(base: string): string | null {
  if (base !== lastBase) {
    lastBase = base;
    try {
      const url = new URL(base);
      // Credentials in the base would be kept by the parser but are not part of the origin.
      const plain = (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
      lastOrigin = plain ? url.origin : null;
    } catch {
      lastOrigin = null;
    }
  }
  return lastOrigin;
}

/** Resolves a possibly relative or protocol-relative URL against a base; null when it cannot be made absolute. */
export function resolveUrl(value: string, base: string | null): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (PLAIN_HTTP_URL.test(trimmed)) return trimmed;
  if (base && PLAIN_PATH.test(trimmed) && !DOT_SEGMENT.test(trimmed)) {
    // What `new URL(trimmed, base).href` gives, without parsing either.
    const origin = baseOrigin(base);
    if (origin !== null) return origin + trimmed;
  }
  if (HAS_SCHEME.test(trimmed)) {
    try {
      return new URL(trimmed).href;
    } catch {
      // "c:x" and similar: not a URL after all, so try it as a relative reference below.
    }
  }
  if (!base) return null;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return null;
  }
}

/** Picks the base URL for an item's HTML: its xml:base, else its link; only http(s) bases count. */
export function contentBaseUrl(baseUrl: string | null, link: string | null): string | null {
  for (const candidate of [baseUrl, link]) {
    if (candidate && /^https?:\/\//i.test(candidate)) return candidate;
  }
  return null;
}

const COMMA = 0x2c;

/** Whether a character is one that `\s` matches in a JavaScript regular expression. */
function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** One `srcset` candidate: a URL plus its optional width/density descriptor. */
export interface SrcsetCandidate {
  url: string;
  descriptor: string;
}

/** Splits a `srcset` value into candidates, following the HTML spec's parsing algorithm (URLs may hold commas). */
export function parseSrcset(value: string): SrcsetCandidate[] {
  const candidates: SrcsetCandidate[] = [];
  let position = 0;
  while (position < value.length) {
    while (
      position < value.length &&
      (isSpace(value.charCodeAt(position)) || value.charCodeAt(position) === COMMA)
    )
      position++;
    const urlStart = position;
    while (position < value.length && !isSpace(value.charCodeAt(position))) position++;
    let url = value.slice(urlStart, position);
    if (url === '') break;
    let descriptor = '';
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
    } else {
      const descriptorStart = position;
      while (position < value.length && value.charCodeAt(position) !== COMMA) position++;
      descriptor = value.slice(descriptorStart, position).trim();
    }
    if (url) candidates.push({ url, descriptor });
  }
  return candidates;
}

/** Serializes srcset candidates back to attribute form. */
export function formatSrcset(candidates: SrcsetCandidate[]): string {
  return candidates.map((c) => (c.descriptor ? `${c.url} ${c.descriptor}` : c.url)).join(', ');
}
