import type { WrittenTime } from './date-vocabulary.js';
import { fractionMillis, readZone } from './date-vocabulary.js';

// ISO 8601 / W3C-DTF extended format, reduced to a year, a month or an hour where the text stops
// ("2021", "2021-12", "2021-12-16T11Z"). Years may carry a sign and more digits (ISO 8601
// §4.1.2.4, JavaScript's "+275760-09-13"), so such a year is read, and found out of range, rather
// than half of it taken for a date.
const ISO_DATE =
  /^([+-]?\d{4,6})(?:([-/.])(\d{1,2})(?:\2(\d{1,2}))?)?(?:(?:T|\s+)(\d{1,2})(?::(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?)?\s*(z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?$/i;
// ISO 8601 basic format ("20211216T112808Z", "20211216T1128Z", "20211216T11Z").
const ISO_BASIC =
  /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(?:(\d{2})(\d{2})?)?(?:[.,](\d+))?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?$/i;
// Ordinal dates ("2021-350") and week dates ("2021-W50-4", "2021W504", "2021-W50": its Monday).
const ISO_ORDINAL = /^(\d{4})-?(\d{3})(?:T(\d{2}):?(\d{2})(?::?(\d{2}))?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?$/i;
const ISO_WEEK =
  /^(\d{4})-?W(\d{2})(?:-?([1-7]))?(?:T(\d{2}):?(\d{2})(?::?(\d{2}))?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DAY = 86_400_000;

/**
 * Reads the ISO 8601 forms feeds write: extended and basic calendar dates, ordinal dates and week
 * dates, each optionally reduced (no day, no seconds, no minutes). Null when the text is none of them.
 */
export function readIsoDate(value: string): WrittenTime | null {
  return readExtended(value) ?? readBasic(value) ?? readDayOfYear(value);
}

function readExtended(value: string): WrittenTime | null {
  const m = ISO_DATE.exec(value);
  if (!m) return null;
  const offset = numericOffset(m[9]);
  if (offset === undefined) return null;
  return {
    year: Number(m[1]),
    month: m[3] ? Number(m[3]) : 1,
    day: m[4] ? Number(m[4]) : 1,
    hour: m[5] ? Number(m[5]) : 0,
    minute: m[6] ? Number(m[6]) : 0,
    second: m[7] ? Number(m[7]) : 0,
    millisecond: fractionMillis(m[8]),
    offset,
  };
}

function readBasic(value: string): WrittenTime | null {
  const m = ISO_BASIC.exec(value);
  if (!m) return null;
  const offset = numericOffset(m[8]);
  if (offset === undefined) return null;
  return {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    millisecond: fractionMillis(m[7]),
    offset,
  };
}

/** Ordinal and week dates: both count days from a point in the year, so Date.UTC rolls them into months. */
function readDayOfYear(value: string): WrittenTime | null {
  const ordinal = ISO_ORDINAL.exec(value);
  const week = ordinal ? null : ISO_WEEK.exec(value);
  const m = ordinal ?? week;
  if (!m) return null;
  const [hour, minute, second, zone] = ordinal ? [m[3], m[4], m[5], m[6]] : [m[4], m[5], m[6], m[7]];
  const offset = numericOffset(zone);
  if (offset === undefined) return null;
  const year = Number(m[1]);
  let date: Date;
  if (ordinal) {
    // Day of the year (ISO 8601 §4.1.2.2).
    const day = Number(m[2]);
    if (day < 1 || day > 366) return null;
    date = new Date(Date.UTC(year, 0, day));
    if (date.getUTCFullYear() !== year) return null;
  } else {
    // ISO 8601 §4.1.4: week 1 is the week (Monday first) that holds the year's first Thursday, the 4th
    // of January; a year has 53 weeks when week 53 still holds a Thursday of that year.
    const weekNumber = Number(m[2]);
    const weekday = Number(m[3] ?? 1);
    const january4 = Date.UTC(year, 0, 4);
    const firstMonday = january4 - ((new Date(january4).getUTCDay() + 6) % 7) * DAY;
    const thursday = new Date(firstMonday + (weekNumber - 1) * 7 * DAY + 3 * DAY);
    if (weekNumber < 1 || thursday.getUTCFullYear() !== year) return null;
    date = new Date(firstMonday + ((weekNumber - 1) * 7 + weekday - 1) * DAY);
  }
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    millisecond: 0,
    offset,
  };
}

/** A numeric offset or Z in minutes, null when there is none, undefined when malformed. */
function numericOffset(text: string | undefined): number | null | undefined {
  if (text === undefined) return null;
  const offset = readZone(text, '');
  return typeof offset === 'string' ? undefined : offset;
}
