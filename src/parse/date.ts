import { FIRST_INSTANT, LAST_INSTANT } from '../core/publication-date.js';
import { readCommonDate } from './date-fast.js';
import { readIsoDate } from './date-iso.js';
import { readLooseDate } from './date-loose.js';
import type { WrittenTime } from './date-vocabulary.js';
import { WEEKDAY_PREFIX, fractionMillis, monthOfWord, readZone } from './date-vocabulary.js';
import { isKnownZone, wallTimeToInstant } from './time-zone.js';

// "2021年12月16日 星期四 下午3:05", maybe followed by a weekday, an offset or a comment
// ("+0800", "GMT+8", "(北京时间)"), which are stripped or read separately.
const CHINESE_DATE =
  /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*(?:星期|周)\S)?\s*(?:(上午|下午)?\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2})\s*秒?)?\s*分?)?(?:\s*(?:星期|周)\S)?(?:\s*((?:gmt|utc)?\s*[+-]\d{1,2}(?::?\d{2})?|gmt|utc|z))?$/i;
const TRAILING_COMMENT = /\s*[(（][^()（）]*[)）]\s*$/;
const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(am|pm)?`;
const ZONE = String.raw`([a-z]{1,5}(?:\s*[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{1,2}(?::?\d{2})?)`;
// RFC 822 "16 Dec 2021 03:28:08 GMT" and "16-Dec-21"; the weekday was stripped beforehand.
const DAY_MONTH_YEAR = new RegExp(
  String.raw`^(\d{1,2})[\s-]+([a-z]{3,})\.?,?[\s-]+(\d{4}|\d{2})(?:[\s,T]+${TIME})?\s*${ZONE}?$`,
  'i',
);
// JavaScript's Date#toString and US style: "Dec 16 2021 11:28:08 GMT+0800", "December 16, 2021".
const MONTH_DAY_YEAR = new RegExp(
  String.raw`^([a-z]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:[\s,T]+${TIME})?\s*${ZONE}?$`,
  'i',
);

// Real UTC offsets run from -12:00 to +14:00.
const MIN_OFFSET = -720;
const MAX_OFFSET = 840;

/** A date text as read: the instant (ISO 8601 UTC) or null, and what was wrong with the text, if anything. */
export interface DateReading {
  iso: string | null;
  /** Why the text gave no instant, or what was assumed to give one; null when it was read as written. */
  problem: string | null;
}

/**
 * Reads a date as feeds write it (RFC 822/1123, ISO 8601/RFC 3339/W3C-DTF, "2021-12-16 11:28",
 * "2021年12月16日 11:28", Unix seconds or milliseconds, and a long tail of local habits). Times
 * without an offset are read in `timezone`, an IANA zone name. An instant outside 1970 to 9999 is
 * dropped rather than clamped, since any date put in its place would be invented; an offset past
 * ±14 hours is read as UTC (as Miniflux does), which keeps the day.
 */
export function readFeedDate(text: string | null | undefined, timezone: string): DateReading {
  const value = text?.trim();
  if (!value) return { iso: null, problem: null };
  if (value.length > 100) return unparseable(value);
  let written = readCommonDate(value);
  if (written === null) {
    if (/^\d{9,10}(?:\.\d+)?$/.test(value)) return inRange(value, Math.round(Number(value) * 1000), null);
    if (/^\d{13}$/.test(value)) return inRange(value, Number(value), null);
  }
  written ??=
    readIsoDate(value) ?? readChinese(value) ?? readRfc822(value, timezone) ?? readLooseDate(value, timezone);
  if (written === null || !isValid(written)) return unparseable(value);
  // The instant decides (inRange); a year no zone offset could bring into range is refused before
  // the zone arithmetic, which cannot place years past ±275,760.
  if (written.year < 1969 || written.year > 10000) return outOfRange(value);
  const wall = Date.UTC(
    written.year,
    written.month - 1,
    written.day,
    written.hour,
    written.minute,
    written.second,
    written.millisecond,
  );
  const { offset } = written;
  if (offset !== null && (offset < MIN_OFFSET || offset > MAX_OFFSET))
    return inRange(value, wall, `date "${value}" has an impossible UTC offset, read as UTC`);
  if (offset !== null) return inRange(value, wall - offset * 60_000, null);
  const zone = written.zone && isKnownZone(written.zone) ? written.zone : timezone;
  return inRange(value, wallTimeToInstant(wall, zone), null);
}

/** Reads a date as {@link readFeedDate} does: the instant as an ISO 8601 UTC string, or null. */
export function parseFeedDate(text: string | null | undefined, timezone: string): string | null {
  return readFeedDate(text, timezone).iso;
}

function inRange(value: string, instant: number, problem: string | null): DateReading {
  if (!(instant >= FIRST_INSTANT && instant <= LAST_INSTANT)) return outOfRange(value);
  return { iso: toIso(instant), problem };
}

function unparseable(value: string): DateReading {
  return { iso: null, problem: `unparseable date "${value}"` };
}

function outOfRange(value: string): DateReading {
  return { iso: null, problem: `date "${value}" is out of range (1970 to 9999), dropped` };
}

function readChinese(value: string): WrittenTime | null {
  if (!value.includes('年')) return null;
  const m = CHINESE_DATE.exec(value.replace(TRAILING_COMMENT, ''));
  if (!m) return null;
  const offset = m[8] === undefined ? null : readZone(m[8].toUpperCase(), '');
  if (offset === undefined || typeof offset === 'string') return null;
  const field = (index: number): number => Number(m[index] ?? 0);
  let hour = field(5);
  if (m[4] === '下午' && hour < 12) hour += 12;
  return {
    year: field(1),
    month: field(2),
    day: field(3),
    hour,
    minute: field(6),
    second: field(7),
    millisecond: 0,
    offset,
  };
}

function readRfc822(value: string, timezone: string): WrittenTime | null {
  // Trailing comments ("(CST)", "(China Standard Time)") and weekdays, right or wrong, carry nothing.
  const cleaned = value.replace(/\s*\([^)]*\)\s*$/, '').replace(WEEKDAY_PREFIX, '');
  let day: string | undefined;
  let monthName: string | undefined;
  let year: string | undefined;
  let m = DAY_MONTH_YEAR.exec(cleaned);
  if (m) [, day, monthName, year] = m;
  else if ((m = MONTH_DAY_YEAR.exec(cleaned))) [, monthName, day, year] = m;
  if (!m || !day || !monthName || !year) return null;
  const month = monthOfWord(monthName);
  if (month === undefined) return null;
  const zone = m[9] === undefined ? null : readZone(m[9], timezone);
  if (zone === undefined) return null;
  let fullYear = Number(year);
  // RFC 2822 §4.3: two-digit years below 50 are 20xx, the rest 19xx.
  if (year.length === 2) fullYear += fullYear < 50 ? 2000 : 1900;
  let hour = m[4] ? Number(m[4]) : 0;
  const meridiem = m[8]?.toLowerCase();
  if (meridiem === 'pm' && hour < 12) hour += 12;
  if (meridiem === 'am' && hour === 12) hour = 0;
  return {
    year: fullYear,
    month,
    day: Number(day),
    hour,
    minute: m[5] ? Number(m[5]) : 0,
    second: m[6] ? Number(m[6]) : 0,
    millisecond: fractionMillis(m[7]),
    offset: typeof zone === 'number' ? zone : null,
    zone: typeof zone === 'string' ? zone : null,
  };
}

/** Whether the fields name a real calendar day and time of day; the year's range is checked apart. */
function isValid(t: WrittenTime): boolean {
  if (t.month < 1 || t.month > 12 || t.day < 1) return false;
  if (t.day > daysInMonth(t.year, t.month)) return false;
  return t.hour <= 24 && t.minute <= 59 && t.second <= 60 && (t.hour < 24 || t.minute + t.second === 0);
}

// Date#toISOString costs about a microsecond; a feed's dates share a handful of days, so the date
// part is memoized per day and the time of day is formatted by hand.
const DAY = 86_400_000;
const dayPrefixes = new Map<number, string>();
const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** Formats an instant in range (1970 to 9999) as `Date#toISOString` does. */
function toIso(ms: number): string {
  const day = Math.floor(ms / DAY);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    if (dayPrefixes.size > 5000) dayPrefixes.clear();
    prefix = new Date(day * DAY).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  let rest = ms - day * DAY;
  const millis = rest % 1000;
  rest = (rest - millis) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  const fraction = millis < 10 ? `00${millis}` : millis < 100 ? `0${millis}` : `${millis}`;
  return `${prefix}${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${fraction}Z`;
}
