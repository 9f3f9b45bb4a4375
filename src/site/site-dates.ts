import { FIRST_INSTANT, LAST_INSTANT } from '../core/publication-date.js';

/** Formats instants as the site's readers expect them: in the configured time zone. */
export interface SiteDates {
  /** `2021-12-16 11:28`, local to the site's zone. */
  display(iso: string): string;
  /** `2021-12-16`, local to the site's zone. */
  day(iso: string): string;
  /** `2021-12`, the month archive an instant belongs to. */
  month(iso: string): string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** The zone's offset at an instant, from Intl, each instant looked up once. */
function createZoneOffsets(timeZone: string): (instant: number) => number {
  let format: Intl.DateTimeFormat | null = null;
  // Instant → the zone's offset there.
  const offsets = new Map<number, number>();
  // The process's own zone (the CLI sets TZ to the site's) needs no Intl: a first formatter costs
  // 20–30 ms of ICU data, 2–3 % of a cold build of 1,000 posts. Date's local fields keep offsets of
  // seconds (Monrovia's −0:44:30 until 1972), which getTimezoneOffset rounds to minutes.
  const ownZone = process.env.TZ === timeZone;
  return (instant: number): number => {
    let offset = offsets.get(instant);
    if (offset === undefined && ownZone) {
      const date = new Date(instant);
      const local = Date.UTC(
        date.getFullYear(),
        date.getMonth(),
        date.getDate(),
        date.getHours(),
        date.getMinutes(),
        date.getSeconds(),
        date.getMilliseconds(),
      );
      offset = local - instant;
      offsets.set(instant, offset);
    }
    if (offset === undefined) {
      format ??= new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      });
      const parts: Record<string, string> = {};
      for (const part of format.formatToParts(new Date(instant))) parts[part.type] = part.value;
      const local = Date.UTC(
        Number(parts.year),
        Number(parts.month) - 1,
        Number(parts.day),
        Number(parts.hour),
        Number(parts.minute),
        Number(parts.second),
      );
      offset = local - instant;
      offsets.set(instant, offset);
    }
    return offset;
  };
}

/**
 * Creates the formatter for one IANA zone. Intl does the offset and DST arithmetic, but only once
 * for a UTC week that starts with the next week's offset, since formatToParts for each of 100,000
 * posts would cost more than rendering them, and a build of 20,000 posts over two years would still
 * spend a twentieth of a one-new-item build on two lookups per day. A week whose ends differ is
 * looked up per day the same way, and a day with a change once per UTC hour, or per minute in the
 * hour it changes (most zones change on a UTC hour, Australia/Lord_Howe at half past). This relies
 * on no zone changing its offset and back within a week (Morocco's Ramadan pause, the shortest
 * known, lasts about a month), nor twice within a day.
 */
export function createSiteDates(timeZone: string): SiteDates {
  const zoneOffsetAt = createZoneOffsets(timeZone);
  // Start of a span (week or day) → the offset throughout it, or null when the span has a change.
  const spanOffset = (spans: Map<number, number | null>, time: number, length: number): number | null => {
    const start = Math.floor(time / length) * length;
    let offset = spans.get(start);
    if (offset === undefined) {
      const first = zoneOffsetAt(start);
      offset = first === zoneOffsetAt(start + length) ? first : null;
      spans.set(start, offset);
    }
    return offset;
  };
  const weeks = new Map<number, number | null>();
  const days = new Map<number, number | null>();
  const offsetAt = (time: number): number => {
    const constant = spanOffset(weeks, time, WEEK) ?? spanOffset(days, time, DAY);
    if (constant !== null) return constant;
    const hour = Math.floor(time / HOUR) * HOUR;
    const start = zoneOffsetAt(hour);
    return start === zoneOffsetAt(hour + HOUR) ? start : zoneOffsetAt(Math.floor(time / MINUTE) * MINUTE);
  };
  // Local calendar days as `YYYY-MM-DD`, so each post costs arithmetic and one lookup, not a
  // Date allocation and an ISO string.
  const dayNames = new Map<number, string>();
  const dayName = (localDay: number): string => {
    let name = dayNames.get(localDay);
    if (name === undefined) {
      name = new Date(localDay * DAY).toISOString().slice(0, 10);
      dayNames.set(localDay, name);
    }
    return name;
  };
  // Posts are dated in range (publicationDate), but a stored text may be anything: it is held to
  // the same range, a text that is no date reading as its first instant, so no page or archive
  // folder is ever named "+010000" or "garbage" and no build fails on a date.
  const localTime = (iso: string): number => {
    const parsed = Date.parse(iso);
    const time = Number.isNaN(parsed)
      ? FIRST_INSTANT
      : Math.min(Math.max(parsed, FIRST_INSTANT), LAST_INSTANT);
    return Math.min(time + offsetAt(time), LAST_INSTANT);
  };
  const day = (iso: string): string => dayName(Math.floor(localTime(iso) / DAY));
  return {
    display(iso) {
      const local = localTime(iso);
      const localDay = Math.floor(local / DAY);
      const minutes = Math.floor((local - localDay * DAY) / 60_000);
      return `${dayName(localDay)} ${twoDigits(Math.floor(minutes / 60))}:${twoDigits(minutes % 60)}`;
    },
    day,
    // Every post is listed under its month: an instant on the 2nd to the 27th of a UTC month is in
    // that month in every zone (offsets lie within −12 h and +14 h), so only those near a month's
    // end are converted (at 20,000 posts the conversions were 5 % of a one-new-item build).
    month: (iso) => (MID_MONTH.test(iso) ? iso.slice(0, 7) : day(iso).slice(0, 7)),
  };
}

/** A valid UTC ISO 8601 instant on the 2nd to the 27th of a month, in years 1970–9999 (not clamped). */
const MID_MONTH =
  /^(?:19[7-9]\d|[2-9]\d{3})-(?:0[1-9]|1[0-2])-(?:0[2-9]|1\d|2[0-7])T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?Z$/;

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}
