import type { WrittenTime } from './date-vocabulary.js';

// prettier-ignore
const MONTH_CODES: Record<string, number> = {
  Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12,
};

function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const code = text.charCodeAt(i) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

/** Reads "±HH:MM", "±HHMM" or "Z" at `at` to the end of the text: minutes east of UTC, or undefined. */
function offsetAt(text: string, at: number): number | undefined {
  const rest = text.length - at;
  const sign = text.charCodeAt(at);
  if (rest === 1 && (sign === 0x5a || sign === 0x7a)) return 0;
  if (sign !== 0x2b && sign !== 0x2d) return undefined;
  const colon = rest === 6 && text.charCodeAt(at + 3) === 0x3a;
  if (rest !== 5 && !colon) return undefined;
  const hours = digits(text, at + 1, 2);
  const minutes = digits(text, at + (colon ? 4 : 3), 2);
  if (hours < 0 || minutes < 0 || hours > 14 || minutes > 59) return undefined;
  return (sign === 0x2d ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * Reads the two shapes nearly every feed date has, by hand rather than by regular expression:
 * RFC 3339 "2021-12-16T11:28:08(.123)(Z|+08:00)" and RFC 1123 "Thu, 16 Dec 2021 03:28:08 (GMT|+0800)".
 * Returns null for anything else, which the general readers then handle.
 */
export function readCommonDate(text: string): WrittenTime | null {
  if (text.length >= 20 && text.charCodeAt(4) === 0x2d && text.charCodeAt(10) === 0x54) {
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 2);
    const day = digits(text, 8, 2);
    const hour = digits(text, 11, 2);
    const minute = digits(text, 14, 2);
    const second = digits(text, 17, 2);
    if (text.charCodeAt(7) !== 0x2d || text.charCodeAt(13) !== 0x3a || text.charCodeAt(16) !== 0x3a)
      return null;
    if (Math.min(year, month, day, hour, minute, second) < 0) return null;
    let at = 19;
    let millisecond = 0;
    if (text.charCodeAt(at) === 0x2e) {
      let end = at + 1;
      while (end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
      if (end === at + 1) return null;
      millisecond = Number(text.slice(at + 1, Math.min(end, at + 4)).padEnd(3, '0'));
      at = end;
    }
    const offset = offsetAt(text, at);
    if (offset === undefined) return null;
    return { year, month, day, hour, minute, second, millisecond, offset };
  }
  // "Thu, 16 Dec 2021 03:28:08 GMT": 29 characters with a zone name, 31 with a numeric offset.
  if (
    (text.length === 29 || text.length === 31) &&
    text.charCodeAt(3) === 0x2c &&
    text.charCodeAt(25) === 0x20
  ) {
    const day = digits(text, 5, 2);
    const month = MONTH_CODES[text.slice(8, 11)];
    const year = digits(text, 12, 4);
    const hour = digits(text, 17, 2);
    const minute = digits(text, 20, 2);
    const second = digits(text, 23, 2);
    if (month === undefined || Math.min(day, year, hour, minute, second) < 0) return null;
    if (text.charCodeAt(19) !== 0x3a || text.charCodeAt(22) !== 0x3a) return null;
    const zone = text.slice(26);
    const offset = zone === 'GMT' || zone === 'UTC' ? 0 : text.length === 31 ? offsetAt(text, 26) : undefined;
    if (offset === undefined) return null;
    return { year, month, day, hour, minute, second, millisecond: 0, offset };
  }
  return null;
}
