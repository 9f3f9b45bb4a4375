// The fallback picture of an item without one: made at cleaning (content/) and recognised by the
// site (site/), which shows its own placeholder instead.

/**
 * Fills the fallback cover template; `{n}` becomes a number in 0–10000 derived from the item's
 * digest so that the same item keeps the same picture on every run.
 */
export function fallbackCoverUrl(template: string, digest: string): string {
  const n = Number.parseInt(digest.slice(0, 8), 16) % 10001;
  return template.replaceAll('{n}', String(n));
}
