import { wallTimeToInstant } from './time-zone.js';

/** A calendar date and time as written, plus its UTC offset in minutes when the text gave one. */
interface WrittenTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  offset: number | null;
}

// prettier-ignore
const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

// RFC 822 §5.1 names. Military letters follow actual military usage (A = +1, N = -1): RFC 822 had
// the signs backwards, and RFC 2822 §4.3 gave up on them; the letters mean what the military means.
// prettier-ignore
const ZONE_HOURS: Record<string, number> = {
  gmt: 0, ut: 0, utc: 0, z: 0, est: -5, edt: -4, cst: -6, cdt: -5, mst: -7, mdt: -6, pst: -8, pdt: -7,
  // Common non-RFC abbreviations seen in the wild.
  bst: 1, cet: 1, cest: 2, eet: 2, eest: 3, msk: 3, hkt: 8, sgt: 8, jst: 9, kst: 9, aest: 10, aedt: 11,
};
for (let hour = 1; hour <= 12; hour++) {
  ZONE_HOURS[String.fromCharCode(hour < 10 ? 96 + hour : 97 + hour)] = hour; // a–i, k–m
  ZONE_HOURS[String.fromCharCode(109 + hour)] = -hour; // n–y
}

const ISO_DATE =
  /^(\d{4})(?:([-/.])(\d{1,2})(?:\2(\d{1,2}))?)?(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?$/i;
const CHINESE_DATE =
  /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*(?:星期|周)\S)?\s*(?:(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2})\s*秒?)?\s*分?)?$/;
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
 * "2021年12月16日 11:28", Unix seconds or milliseconds) into an ISO 8601 UTC string, or null.
 * Times without an offset are read in `timezone`, an IANA zone name.
 */
export function parseFeedDate(text: string | null | undefined, timezone: string): string | null {
  const value = text?.trim();
  if (!value || value.length > 80) return null;
  if (/^\d{10}$/.test(value)) return toIso(Number(value) * 1000);
  if (/^\d{13}$/.test(value)) return toIso(Number(value));
  const written = readIso(value) ?? readChinese(value) ?? readRfc822(value);
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
  return toIso(wallTimeToInstant(wall, timezone));
}

function readIso(value: string): WrittenTime | null {
  const m = ISO_DATE.exec(value);
  if (!m) return null;
  const offset = m[9] === undefined ? null : readZone(m[9]);
  if (offset === undefined) return null;
  return {
    year: Number(m[1]),
    month: m[3] ? Number(m[3]) : 1,
    day: m[4] ? Number(m[4]) : 1,
    hour: m[5] ? Number(m[5]) : 0,
    minute: m[6] ? Number(m[6]) : 0,
    second: m[7] ? Number(m[7]) : 0,
    millisecond: m[8] ? Number(m[8].slice(0, 3).padEnd(3, '0')) : 0,
    offset,
  };
}

function readChinese(value: string): WrittenTime | null {
  const m = CHINESE_DATE.exec(value);
  if (!m) return null;
  const field = (index: number): number => Number(m[index] ?? 0);
  return {
    year: field(1),
    month: field(2),
    day: field(3),
    hour: field(4),
    minute: field(5),
    second: field(6),
    millisecond: 0,
    offset: null,
  };
}

function readRfc822(value: string): WrittenTime | null {
  // Trailing comments ("(CST)", "(China Standard Time)") and weekdays, right or wrong, carry nothing.
  const cleaned = value
    .replace(/\s*\([^)]*\)\s*$/, '')
    .replace(/^(?:sun|mon|tue|wed|thu|fri|sat)[a-z]*\.?,?\s*/i, '');
  let day: string | undefined;
  let monthName: string | undefined;
  let year: string | undefined;
  let m = DAY_MONTH_YEAR.exec(cleaned);
  if (m) [, day, monthName, year] = m;
  else if ((m = MONTH_DAY_YEAR.exec(cleaned))) [, monthName, day, year] = m;
  if (!m || !day || !monthName || !year) return null;
  const month = MONTHS[monthName.slice(0, 3).toLowerCase()];
  if (month === undefined) return null;
  const offset = m[9] === undefined ? null : readZone(m[9]);
  if (offset === undefined) return null;
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
    millisecond: m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0,
    offset,
  };
}

/** Minutes east of UTC; null for an unknown abbreviation (read as local time); undefined if malformed. */
function readZone(zone: string): number | null | undefined {
  const numeric = /^(?:gmt|utc|ut)?\s*([+-])(\d{1,2}?)(?::?(\d{2}))?$/i.exec(zone.trim());
  if (numeric) {
    const hours = Number(numeric[2]);
    const minutes = numeric[3] ? Number(numeric[3]) : 0;
    if (hours > 14 || minutes > 59) return undefined;
    return (numeric[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  if (!/^[a-z]+$/i.test(zone)) return undefined;
  const hours = ZONE_HOURS[zone.toLowerCase()];
  return hours === undefined ? null : hours * 60;
}

function isValid(t: WrittenTime): boolean {
  // Years below 1000 are placeholders ("0001-01-01"), and Date.UTC would misread 0–99 as 19xx.
  if (t.year < 1000 || t.month < 1 || t.month > 12 || t.day < 1) return false;
  if (t.day > new Date(Date.UTC(t.year, t.month, 0)).getUTCDate()) return false;
  return t.hour <= 23 && t.minute <= 59 && t.second <= 60;
}

function toIso(ms: number): string | null {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return null;
  return new Date(ms).toISOString();
}
