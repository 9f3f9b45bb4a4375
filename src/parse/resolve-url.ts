/**
 * Resolves a URL found in a feed against a base; null for an empty value. A value that cannot be
 * made absolute (relative with no base, or malformed) is kept as written rather than dropped.
 */
export function resolveFeedUrl(value: string | null | undefined, base: string | null): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
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
