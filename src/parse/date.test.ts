import { describe, expect, it } from 'vitest';
import { parseFeedDate } from './date.js';

describe('parseFeedDate', () => {
  const cases: [input: string | null | undefined, zone: string, expected: string | null][] = [
    // RFC 822 / 1123
    ['Thu, 16 Dec 2021 03:28:08 GMT', 'UTC', '2021-12-16T03:28:08.000Z'],
    ['Thu, 16 Dec 2021 11:28:08 +0800', 'UTC', '2021-12-16T03:28:08.000Z'],
    ['Thu, 16 Dec 2021 03:28:08 -05:00', 'UTC', '2021-12-16T08:28:08.000Z'],
    ['Thu, 16 Dec 2021 03:28:08 UT', 'Asia/Tokyo', '2021-12-16T03:28:08.000Z'],
    ['Thu, 16 Dec 2021 03:28:08 Z', 'Asia/Tokyo', '2021-12-16T03:28:08.000Z'],
    ['Thu, 16 Dec 2021 03:28:08 EST', 'UTC', '2021-12-16T08:28:08.000Z'],
    ['Thu, 16 Jun 2021 03:28:08 EDT', 'UTC', '2021-06-16T07:28:08.000Z'],
    ['Thu, 16 Dec 2021 03:28:08 CST', 'UTC', '2021-12-16T09:28:08.000Z'],
    ['Thu, 16 Dec 2021 03:28:08 PDT', 'UTC', '2021-12-16T10:28:08.000Z'],
    ['Thu, 16 Dec 2021 03:28:08 C', 'UTC', '2021-12-16T00:28:08.000Z'],
    ['Thu, 16 Dec 2021 03:28:08 N', 'UTC', '2021-12-16T04:28:08.000Z'],
    ['16 Dec 21 03:28 GMT', 'UTC', '2021-12-16T03:28:00.000Z'],
    ['Mon, 16 Dec 99 03:28:08 GMT', 'UTC', '1999-12-16T03:28:08.000Z'],
    ['Mon, 16 Dec 2021 03:28:08 GMT', 'UTC', '2021-12-16T03:28:08.000Z'],
    ['Thursday, 16 December 2021 03:28:08 +0000 (UTC)', 'UTC', '2021-12-16T03:28:08.000Z'],
    ['Thu Dec 16 2021 11:28:08 GMT+0800 (China Standard Time)', 'UTC', '2021-12-16T03:28:08.000Z'],
    ['Thu, 16 Dec 2021 11:28:08', 'Asia/Shanghai', '2021-12-16T03:28:08.000Z'],
    // ISO 8601 / RFC 3339 / W3C-DTF
    ['2021-12-16T11:28:08+08:00', 'UTC', '2021-12-16T03:28:08.000Z'],
    ['2021-12-16T03:28:08Z', 'Asia/Shanghai', '2021-12-16T03:28:08.000Z'],
    ['2021-12-16T03:28:08.123456789Z', 'UTC', '2021-12-16T03:28:08.123Z'],
    ['2021-12-16T11:28:08+0800', 'UTC', '2021-12-16T03:28:08.000Z'],
    ['2021-12-16T11:28', 'Asia/Shanghai', '2021-12-16T03:28:00.000Z'],
    ['2021-12-16', 'Asia/Shanghai', '2021-12-15T16:00:00.000Z'],
    ['2021-12', 'UTC', '2021-12-01T00:00:00.000Z'],
    ['2021-12-16 11:28:08', 'Asia/Shanghai', '2021-12-16T03:28:08.000Z'],
    ['2021/12/16 11:28', 'Asia/Shanghai', '2021-12-16T03:28:00.000Z'],
    ['2021年12月16日 11:28', 'Asia/Shanghai', '2021-12-16T03:28:00.000Z'],
    ['2021年12月16日', 'Asia/Shanghai', '2021-12-15T16:00:00.000Z'],
    // Unix timestamps
    ['1639625288', 'Asia/Shanghai', '2021-12-16T03:28:08.000Z'],
    ['1639625288123', 'UTC', '2021-12-16T03:28:08.123Z'],
    // DST: New York is UTC-5 in winter and UTC-4 in summer, switching at 02:00 local on 2021-03-14.
    ['2021-01-15 12:00:00', 'America/New_York', '2021-01-15T17:00:00.000Z'],
    ['2021-07-15 12:00:00', 'America/New_York', '2021-07-15T16:00:00.000Z'],
    ['2021-03-14 01:59:00', 'America/New_York', '2021-03-14T06:59:00.000Z'],
    ['2021-03-14 03:00:00', 'America/New_York', '2021-03-14T07:00:00.000Z'],
    ['2021-11-07 03:00:00', 'America/New_York', '2021-11-07T08:00:00.000Z'],
    // Garbage
    ['garbage', 'UTC', null],
    ['', 'UTC', null],
    [null, 'UTC', null],
    [undefined, 'UTC', null],
    ['2021-02-30', 'UTC', null],
    ['2021-13-01', 'UTC', null],
    ['Thu, 32 Dec 2021 03:28:08 GMT', 'UTC', null],
    ['2021-12-16T25:00:00Z', 'UTC', null],
    ['0001-01-01T00:00:00Z', 'UTC', null],
    ['16 Foo 2021 03:28:08 GMT', 'UTC', null],
    ['12345', 'UTC', null],
  ];

  it.each(cases)('%s in %s → %s', (input, zone, expected) => {
    expect(parseFeedDate(input, zone)).toBe(expected);
  });

  it('falls back to UTC for an unknown zone rather than failing', () => {
    expect(parseFeedDate('2021-12-16 11:28:08', 'Not/AZone')).toBe('2021-12-16T11:28:08.000Z');
  });
});
