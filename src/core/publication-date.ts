// The instants newsmill publishes under: after the Unix epoch, which is what an unset timestamp
// prints, up to the end of year 9999, the last that ISO 8601 writes in four digits (so a site's
// archive folder or a Hexo post date never reads "+010000").
/** The first instant an item may be dated (the epoch itself is an unset timestamp). */
export const FIRST_INSTANT = 1;
/** The last instant an item may be dated: the end of year 9999, UTC. */
export const LAST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Whether a text is an instant from just after the Unix epoch to the end of year 9999. */
export function isInstantInRange(iso: string | null | undefined): iso is string {
  if (!iso) return false;
  const time = Date.parse(iso);
  return time >= FIRST_INSTANT && time <= LAST_INSTANT;
}

/** The date the item's feed gave it, published or else updated, when in range; null when none. */
export function feedDate(item: { published: string | null; updated: string | null }): string | null {
  if (isInstantInRange(item.published)) return item.published;
  if (isInstantInRange(item.updated)) return item.updated;
  return null;
}

/**
 * The date an item is published and filed under: the first of its published, updated and first-seen
 * times that is in range. A store written by an older version or filled by an edited export may
 * hold any text; the first-seen time, which newsmill set itself, is the date of last resort.
 */
export function publicationDate(item: {
  published: string | null;
  updated: string | null;
  firstSeenAt: string;
}): string {
  const own = feedDate(item);
  if (own !== null) return own;
  if (isInstantInRange(item.firstSeenAt)) return item.firstSeenAt;
  const seen = Date.parse(item.firstSeenAt);
  const clamped = Number.isNaN(seen) ? FIRST_INSTANT : Math.min(Math.max(seen, FIRST_INSTANT), LAST_INSTANT);
  return new Date(clamped).toISOString();
}
