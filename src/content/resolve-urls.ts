// An absolute http(s) URL made only of printable ASCII that needs no escaping: the browser's URL parser
// reads its scheme exactly as written, so it can be used as is, without the cost of a full parse.
const PLAIN_HTTP_URL =
  /^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:[/?#][A-Za-z0-9\-._~!$&()*+,;=:@/?#%[\]]*)?$/;
const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const HOST = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/;

/** Returns the lowercased host of an absolute URL with an authority, or null. */
export function urlHost(url: string): string | null {
  const host = HOST.exec(url)?.[1];
  return host ? host.toLowerCase() : null;
}

/** Resolves a possibly relative or protocol-relative URL against a base; null when it cannot be made absolute. */
export function resolveUrl(value: string, base: string | null): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (PLAIN_HTTP_URL.test(trimmed)) return trimmed;
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
    while (position < value.length && /[\s,]/.test(value.charAt(position))) position++;
    const urlStart = position;
    while (position < value.length && !/\s/.test(value.charAt(position))) position++;
    let url = value.slice(urlStart, position);
    if (url === '') break;
    let descriptor = '';
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
    } else {
      const descriptorStart = position;
      while (position < value.length && value.charAt(position) !== ',') position++;
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
