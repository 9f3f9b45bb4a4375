// One formatter per zone: constructing Intl.DateTimeFormat is far costlier than using it.
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      // An unknown zone name: the config stage validates zones, so UTC is only a last resort.
      formatter = null;
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

// Offsets memoized per zone and quarter hour: since 1970 every tzdata transition falls on a quarter
// hour, and a feed's dates cluster, so formatToParts (the slow part) runs a few times per feed.
const QUARTER_HOUR = 15 * 60_000;
const offsetCache = new Map<string, Map<number, number>>();

/** The offset of an IANA zone from UTC at an instant, in milliseconds (UTC+8 is 28 800 000); 0 for an unknown zone. */
export function zoneOffsetAt(instant: number, timeZone: string): number {
  if (instant < 0) return computeOffset(instant, timeZone);
  let cache = offsetCache.get(timeZone);
  if (cache === undefined || cache.size > 10_000) {
    cache = new Map();
    offsetCache.set(timeZone, cache);
  }
  const bucket = Math.floor(instant / QUARTER_HOUR);
  let offset = cache.get(bucket);
  if (offset === undefined) {
    offset = computeOffset(bucket * QUARTER_HOUR, timeZone);
    cache.set(bucket, offset);
  }
  return offset;
}

function computeOffset(instant: number, timeZone: string): number {
  const formatter = formatterFor(timeZone);
  if (formatter === null) return 0;
  const fields: Record<string, number> = {};
  for (const part of formatter.formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    fields.year ?? 1970,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * Converts a wall-clock time in an IANA zone to a UTC instant. The offset is looked up twice
 * because the first guess may sit on the other side of a DST transition.
 */
export function wallTimeToInstant(wallAsUtc: number, timeZone: string): number {
  const firstOffset = zoneOffsetAt(wallAsUtc, timeZone);
  const guess = wallAsUtc - firstOffset;
  const secondOffset = zoneOffsetAt(guess, timeZone);
  return secondOffset === firstOffset ? guess : wallAsUtc - secondOffset;
}

/** Whether the runtime knows an IANA zone name. */
export function isKnownZone(timeZone: string): boolean {
  return formatterFor(timeZone) !== null;
}
