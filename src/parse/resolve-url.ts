// http(s), a lower-case host whose last label is not numeric (WHATWG reads those as IPv4), no port,
// a path, and only characters the URL serializer leaves alone.
// The query excludes "'", which WHATWG percent-encodes in the queries of http(s) URLs.
const PATH_CHARS = String.raw`[A-Za-z0-9\-._~!$&'()*+,;=:@%/]`;
const QUERY_CHARS = String.raw`[A-Za-z0-9\-._~!$&()*+,;=:@%/?]`;
const NORMALIZED_URL = new RegExp(
  String.raw`^https?://(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*/${PATH_CHARS}*(?:\?${QUERY_CHARS}*)?(?:#${QUERY_CHARS}*)?$`,
);

// A relative path ("news/1", "/a/b?x=1") with no scheme, no dot segments and nothing to escape.
const SIMPLE_REFERENCE = new RegExp(
  String.raw`^(?:/(?!/))?[A-Za-z0-9\-_~!$&()*+,;=@%][A-Za-z0-9\-._~!$&()*+,;=@%/]*(?:\?${QUERY_CHARS}*)?$`,
);

/**
 * Joins a simple relative path to a normalized base by RFC 3986 §5.2 string rules, which is what
 * the URL parser would do; null when the base is not in the normalized form this relies on.
 */
function joinSimple(reference: string, base: string): string | null {
  const end = base.search(/[?#]/);
  const path = end === -1 ? base : base.slice(0, end);
  if (!NORMALIZED_URL.test(path) || path.includes('/.')) return null;
  const joined = reference.startsWith('/')
    ? path.slice(0, path.indexOf('/', path.indexOf('//') + 2)) + reference
    : path.slice(0, path.lastIndexOf('/') + 1) + reference;
  return joined.includes('/.') ? null : joined;
}

/**
 * Resolves a URL found in a feed against a base; null for an empty value. A value that cannot be
 * made absolute (relative with no base, or malformed) is kept as written rather than dropped.
 */
export function resolveFeedUrl(value: string | null | undefined, base: string | null): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  // Most feed URLs are already absolute and in WHATWG serialized form; parsing would return them unchanged.
  if (NORMALIZED_URL.test(trimmed) && !trimmed.includes('/.')) return trimmed;
  if (base !== null && SIMPLE_REFERENCE.test(trimmed)) {
    const joined = joinSimple(trimmed, base);
    if (joined !== null) return joined;
  }
  try {
    return new URL(trimmed, base ?? undefined).href;
  } catch {
    return trimmed;
  }
}

/** Whether a URL is absolute http(s), the only kind worth treating as an article link. */
export function isHttpUrl(value: string | null): value is string {
  return value !== null && /^https?:\/\//i.test(value);
}
