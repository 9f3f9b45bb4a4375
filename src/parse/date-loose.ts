import type { WrittenTime } from './date-vocabulary.js';
import { WEEKDAY_PREFIX, monthOfWord, zoneOfWord } from './date-vocabulary.js';

// One token at a time: a clock time, a numeric offset, a word (Latin, Greek, Korean, Han, or an IANA
// "Area/City" name), or a number. Numbers and words are separated by anything else.
const TOKEN =
  /(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d+))?)?|([+-])(\d{2}):?(\d{2})\b|([+-])(\d{1,2})\b|([A-Za-z\u00C0-\u024F\u0370-\u03FF\uAC00-\uD7AF\u4E00-\u9FFF]+(?:\/[A-Za-z_]+){1,2})|([A-Za-z\u00C0-\u024F\u0370-\u03FF\uAC00-\uD7AF\u4E00-\u9FFF]+)|(\d+)/g;
// Numeric dates: 2021-12-16, 2021/12/16, 12/16/2021, 16.12.2021, 10/30/23.
// A longer number is no part of one: "99999-01-01" is no 9999-01-01.
const NUMERIC_DATE = /(?<!\d)(\d{1,4})([/.-])(\d{1,2})\2(\d{1,4})(?!\d)/;
const PM_WORDS = new Set(['pm', '오후', '下午', '晚上']);
const AM_WORDS = new Set(['am', '오전', '上午', '早上']);

/**
 * Reads the dates no strict pattern matches, the long tail that Miniflux and feedparser collect:
 * other languages' month names, "Nov. 16, 2020, 10:57 a.m.", asctime, US and European numeric
 * dates, IANA zone names, "+0000 UTC" pairs. Returns null unless a year, month and day are found.
 */
export function readLooseDate(value: string, timezone: string): WrittenTime | null {
  let text = value
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\b([ap])\.\s?m\.?/gi, '$1m')
    .replace(/(\d)(?:st|nd|rd|th)\b/gi, '$1')
    // "GMT+0800": the offset is the signed part, not GMT.
    .replace(/\b(?:gmt|utc|ut)\s*(?=[+-]\d)/gi, '');
  // A leading weekday, English by name or any language's when a comma follows ("mar., 01 déc.").
  text = text.replace(WEEKDAY_PREFIX, '').replace(/^[^\d\s,.]+\.?,\s*/, '');
  const t: WrittenTime = {
    year: 0,
    month: 0,
    day: 0,
    hour: 0,
    minute: 0,
    second: 0,
    millisecond: 0,
    offset: null,
  };
  const numbers: string[] = [];
  const numeric = NUMERIC_DATE.exec(text);
  if (numeric) {
    readNumericDate(t, numeric);
    text = text.replace(numeric[0], ' ');
  }
  let hasTime = false;
  let meridiem: 'am' | 'pm' | null = null;
  for (const m of text.matchAll(TOKEN)) {
    if (m[1] !== undefined) {
      if (hasTime) continue;
      hasTime = true;
      t.hour = Number(m[1]);
      t.minute = Number(m[2]);
      t.second = Number(m[3] ?? 0);
      t.millisecond = m[4] ? Number(m[4].slice(0, 3).padEnd(3, '0')) : 0;
    } else if (m[5] !== undefined || m[8] !== undefined) {
      // A sign is an offset only after the time: before it, "-" separates ("03/30/2020 - 19:19").
      if (!hasTime || t.offset !== null || t.zone) continue;
      const hours = Number(m[6] ?? m[9]);
      const minutes = Number(m[7] ?? 0);
      if (hours > 23 || minutes > 59) return null;
      // An offset past the real range is kept as written: parseFeedDate reads it as UTC, with a warning.
      t.offset = (m[5] ?? m[8]) === '-' ? -(hours * 60 + minutes) : hours * 60 + minutes;
    } else if (m[10] !== undefined) {
      t.zone ??= m[10];
    } else if (m[11] !== undefined) {
      const word = m[11].toLowerCase();
      if (PM_WORDS.has(word)) meridiem = 'pm';
      else if (AM_WORDS.has(word)) meridiem = 'am';
      else if (t.month === 0 && monthOfWord(word) !== undefined) t.month = monthOfWord(word) as number;
      // Single letters are military zones only after the time; before it, "T" separates date and
      // time, as "at" does in "December 16, 2021 at 3:05 PM" (after the time, it is Atlantic time).
      else if (t.offset === null && !t.zone && (hasTime || (word.length > 1 && word !== 'at'))) {
        const zone = zoneOfWord(word, timezone);
        if (typeof zone === 'number') t.offset = zone;
        else if (zone !== undefined) t.zone = zone;
      }
    } else if (m[12] !== undefined) {
      numbers.push(m[12]);
    }
  }
  if (t.day === 0) readDayAndYear(t, numbers);
  if (meridiem === 'pm' && t.hour < 12) t.hour += 12;
  if (meridiem === 'am' && t.hour === 12) t.hour = 0;
  return t.year > 0 && t.month > 0 && t.day > 0 ? t : null;
}

function readNumericDate(t: WrittenTime, m: RegExpExecArray): void {
  const [a, separator, b, c] = [m[1] as string, m[2], Number(m[3]), m[4] as string];
  if (a.length === 4) {
    [t.year, t.month, t.day] = [Number(a), b, Number(c)];
  } else if (c.length === 4 || separator !== '-') {
    // Slashes are US month/day unless the first number cannot be a month; dots are European day.month.
    const dayFirst = separator === '.' || Number(a) > 12;
    [t.day, t.month] = dayFirst ? [Number(a), b] : [b, Number(a)];
    t.year = fullYear(c);
  } else {
    // ISO 8601's two-digit-year form, "03-12-31" (feedparser reads it so).
    [t.year, t.month, t.day] = [fullYear(a), b, Number(c)];
  }
}

function readDayAndYear(t: WrittenTime, numbers: string[]): void {
  const year = numbers.findIndex((n) => n.length === 4);
  if (year >= 0) t.year = Number(numbers.splice(year, 1)[0]);
  // "11 04 2020": day, month, year when no month was named; but a year written first is followed by
  // month and day, as in "2021年12月06日 …" and every other big-endian form.
  if (t.month === 0 && numbers.length >= 2) t.month = Number(numbers.splice(year === 0 ? 0 : 1, 1)[0]);
  if (numbers.length > 0) t.day = Number(numbers.shift());
  else if (t.year > 0 && t.month > 0) t.day = 1;
  if (t.year === 0 && numbers.length > 0) t.year = fullYear(numbers.shift() as string);
}

function fullYear(text: string): number {
  const year = Number(text);
  // RFC 2822 §4.3: two-digit years below 50 are 20xx, the rest 19xx.
  return text.length <= 2 ? year + (year < 50 ? 2000 : 1900) : year;
}
