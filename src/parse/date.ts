import { readCommonDate } from './date-fast.js';
import { readLooseDate } from './date-loose.js';
import type { WrittenTime } from './date-vocabulary.js';
import { WEEKDAY_PREFIX, monthOfWord, zoneOfWord } from './date-vocabulary.js';
import { isKnownZone, wallTimeToInstant } from './time-zone.js';

const ISO_DATE =
  /^(\d{4})(?:([-/.])(\d{1,2})(?:\2(\d{1,2}))?)?(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?$/i;
// ISO 8601 basic format ("20211216T112808Z") and ordinal dates ("2021-350").
const ISO_BASIC =
  /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:[.,](\d+))?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?$/i;
const ISO_ORDINAL = /^(\d{4})-?(\d{3})(?:T(\d{2}):?(\d{2})(?::?(\d{2}))?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?$/i;
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

/**
 * Parses a date as feeds write it (RFC 822/1123, ISO 8601/RFC 3339/W3C-DTF, "2021-12-16 11:28",
 * "2021年12月16日 11:28", Unix seconds or milliseconds, and a long tail of local habits) into an
 * ISO 8601 UTC string, or null. Times without an offset are read in `timezone`, an IANA zone name.
 */
export function parseFeedDate(text: string | null | undefined, timezone: string): string | null {
  const value = text?.trim();
  if (!value || value.length > 100) return null;
  let written = readCommonDate(value);
  if (written === null) {
    if (/^\d{9,10}(?:\.\d+)?$/.test(value)) return toIso(Math.round(Number(value) * 1000));
    if (/^\d{13}$/.test(value)) return toIso(Number(value));
  }
  written ??=
    readIso(value) ??
    readIsoBasic(value) ??
    readChinese(value) ??
    readRfc822(value, timezone) ??
    readLooseDate(value, timezone);
  if (written === null || !isValid(written)) return null;
  const wall = Date.UTC(
    written.year,
    written.month - 1,
    written.day,
    written.hour,
    written.minute,
    written.second,
    written.millisecond,
  );
  if (written.offset !== null) return toIso(wall - written.offset * 60_000);
  const zone = written.zone && isKnownZone(written.zone) ? written.zone : timezone;
  return toIso(wallTimeToInstant(wall, zone));
}

function readIso(value: string): WrittenTime | null {
  const m = ISO_DATE.exec(value);
  if (!m) return null;
  const offset = m[9] === undefined ? null : readZone(m[9], '');
  if (offset === undefined || typeof offset === 'string') return null;
  return {
    year: Number(m[1]),
    month: m[3] ? Number(m[3]) : 1,
    day: m[4] ? Number(m[4]) : 1,
    hour: m[5] ? Number(m[5]) : 0,
    minute: m[6] ? Number(m[6]) : 0,
    second: m[7] ? Number(m[7]) : 0,
    millisecond: fraction(m[8]),
    offset,
  };
}

function readIsoBasic(value: string): WrittenTime | null {
  const basic = ISO_BASIC.exec(value);
  const ordinal = basic ? null : ISO_ORDINAL.exec(value);
  const m = basic ?? ordinal;
  if (!m) return null;
  const zoneText = basic ? m[8] : m[6];
  const offset = zoneText === undefined ? null : readZone(zoneText, '');
  if (offset === undefined || typeof offset === 'string') return null;
  const time = basic ? [m[4], m[5], m[6]] : [m[3], m[4], m[5]];
  const t: WrittenTime = {
    year: Number(m[1]),
    month: basic ? Number(m[2]) : 1,
    day: basic ? Number(m[3]) : 1,
    hour: Number(time[0] ?? 0),
    minute: Number(time[1] ?? 0),
    second: Number(time[2] ?? 0),
    millisecond: basic ? fraction(m[7]) : 0,
    offset,
  };
  if (ordinal) {
    // Day of the year (ISO 8601 §4.1.2.2): let Date.UTC roll the days over into months.
    const day = Number(m[2]);
    if (day < 1 || day > 366) return null;
    const date = new Date(Date.UTC(t.year, 0, day));
    if (date.getUTCFullYear() !== t.year) return null;
    [t.month, t.day] = [date.getUTCMonth() + 1, date.getUTCDate()];
  }
  return t;
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
    millisecond: fraction(m[7]),
    offset: typeof zone === 'number' ? zone : null,
    zone: typeof zone === 'string' ? zone : null,
  };
}

/**
 * Minutes east of UTC, or an IANA zone for a DST-following name ("ET"); null for an unknown
 * abbreviation (read as local time); undefined when malformed.
 */
function readZone(zone: string, timezone: string): number | string | null | undefined {
  if (zone === 'Z' || zone === 'z' || zone === 'GMT') return 0;
  const numeric = /^(?:gmt|utc|ut)?\s*([+-])(\d{1,2}?)(?::?(\d{2}))?$/i.exec(zone.trim());
  if (numeric) {
    const hours = Number(numeric[2]);
    const minutes = numeric[3] ? Number(numeric[3]) : 0;
    if (hours > 23 || minutes > 59) return undefined;
    // Real offsets run from -12:00 to +14:00; Miniflux reads anything beyond as UTC, and so do we.
    const offset = (numeric[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
    return offset < -720 || offset > 840 ? 0 : offset;
  }
  if (!/^[a-z]+$/i.test(zone)) return undefined;
  return zoneOfWord(zone, timezone) ?? null;
}

function fraction(digits: string | undefined): number {
  return digits ? Number(digits.slice(0, 3).padEnd(3, '0')) : 0;
}

function isValid(t: WrittenTime): boolean {
  // Years below 1000 are placeholders ("0001-01-01"), and Date.UTC would misread 0–99 as 19xx.
  if (t.year < 1000 || t.year > 9999 || t.month < 1 || t.month > 12 || t.day < 1) return false;
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

function toIso(ms: number): string | null {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return null;
  if (ms < 0 || ms >= 253402300800000) return new Date(ms).toISOString();
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
