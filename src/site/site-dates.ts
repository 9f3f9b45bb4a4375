/** Formats instants as the site's readers expect them: in the configured time zone. */
export interface SiteDates {
  /** `2021-12-16 11:28`, local to the site's zone. */
  display(iso: string): string;
  /** `2021-12-16`, local to the site's zone. */
  day(iso: string): string;
  /** `2021-12`, the month archive an instant belongs to. */
  month(iso: string): string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Creates the formatter for one IANA zone. Intl does the offset and DST arithmetic, but only once
 * per UTC hour (zones change offset on hour boundaries), and only twice for a UTC day whose first
 * and last hours share an offset (no zone changes offset twice in a day), since formatToParts for
 * each of 100,000 posts would cost more than rendering them.
 */
export function createSiteDates(timeZone: string): SiteDates {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const offsets = new Map<number, number>();
  const zoneOffsetAt = (hour: number): number => {
    let offset = offsets.get(hour);
    if (offset === undefined) {
      const parts: Record<string, string> = {};
      for (const part of format.formatToParts(new Date(hour))) parts[part.type] = part.value;
      const local = Date.UTC(
        Number(parts.year),
        Number(parts.month) - 1,
        Number(parts.day),
        Number(parts.hour),
        Number(parts.minute),
        Number(parts.second),
      );
      offset = local - hour;
      offsets.set(hour, offset);
    }
    return offset;
  };
  // Most UTC days have one offset throughout: then it is looked up twice per day, not 24 times.
  const dayOffsets = new Map<number, number | null>();
  const offsetAt = (hour: number): number => {
    const day = Math.floor(hour / DAY) * DAY;
    let offset = dayOffsets.get(day);
    if (offset === undefined) {
      const first = zoneOffsetAt(day);
      offset = first === zoneOffsetAt(day + DAY - HOUR) ? first : null;
      dayOffsets.set(day, offset);
    }
    return offset ?? zoneOffsetAt(hour);
  };
  const display = (iso: string): string => {
    const time = Date.parse(iso);
    if (Number.isNaN(time)) return iso;
    const hour = Math.floor(time / HOUR) * HOUR;
    const local = new Date(time + offsetAt(hour)).toISOString();
    return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
  };
  return {
    display,
    day: (iso) => display(iso).slice(0, 10),
    month: (iso) => display(iso).slice(0, 7),
  };
}
