import { describe, expect, it } from 'vitest';
import { parseFeedDate, readFeedDate } from './date.js';

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

describe('parseFeedDate, the long tail', () => {
  const cases: [input: string, zone: string, expected: string][] = [
    ['Fri, 31 Mar 2023 20:19:00 America/Los_Angeles', 'UTC', '2023-04-01T03:19:00.000Z'],
    ['Thu, 25 Feb 2016 00:00:00 Europe/Brussels', 'UTC', '2016-02-24T23:00:00.000Z'],
    ['Sat, 18 Jun 2005 12:00:00 ET', 'UTC', '2005-06-18T16:00:00.000Z'],
    ['Thu Dec 16 11:28:08 CST 2021', 'Asia/Shanghai', '2021-12-16T03:28:08.000Z'],
    ['Thu Dec 16 11:28:08 CST 2021', 'UTC', '2021-12-16T17:28:08.000Z'],
    ['Sun Jan  4 16:29:06 PST 2004', 'UTC', '2004-01-05T00:29:06.000Z'],
    ['Mon Jan 2 15:04:05 2006', 'UTC', '2006-01-02T15:04:05.000Z'],
    ['Monday, 02-Jan-06 15:04:05 MST', 'UTC', '2006-01-02T22:04:05.000Z'],
    ['Mon Jan 02 15:04:05 -0700 2006', 'UTC', '2006-01-02T22:04:05.000Z'],
    ['2006-01-02 15:04:05.999999999 -0700 MST', 'UTC', '2006-01-02T22:04:05.999Z'],
    ['Sat, 01 Jan 2022 10:00:00 +0000 UTC', 'Asia/Tokyo', '2022-01-01T10:00:00.000Z'],
    ['Mon, 02 Jan 2006 15:04:05 +0000 +0000', 'Asia/Tokyo', '2006-01-02T15:04:05.000Z'],
    ['2020-11-08T16:20:00-05:00Z', 'UTC', '2020-11-08T21:20:00.000Z'],
    ['Thu, 29 Oct 2020 07:36:03 GMT-07:00', 'UTC', '2020-10-29T14:36:03.000Z'],
    ['Friday, December 22, 2017 - 3:09pm', 'UTC', '2017-12-22T15:09:00.000Z'],
    ['Nov. 16, 2020, 10:57 a.m.', 'UTC', '2020-11-16T10:57:00.000Z'],
    ['Jan. 4, 2016, 12:37 p.m.', 'UTC', '2016-01-04T12:37:00.000Z'],
    ['Thu, June 22, 2023 at 01:11 PM EDT', 'UTC', '2023-06-22T17:11:00.000Z'],
    ['Mon, 16th Nov 2020 13:16:28 GMT', 'UTC', '2020-11-16T13:16:28.000Z'],
    ['Nov. 2020', 'UTC', '2020-11-01T00:00:00.000Z'],
    ['Di, 23 Jan 2018 00:00:00 +0100', 'UTC', '2018-01-22T23:00:00.000Z'],
    ['Do, 29 Mär 2018 00:00:00 +0200', 'UTC', '2018-03-28T22:00:00.000Z'],
    ['mer, 9 avr 2018 00:00:00 +0200', 'UTC', '2018-04-08T22:00:00.000Z'],
    ['mar., 01 déc. 2020 16:11:02 +0000', 'UTC', '2020-12-01T16:11:02.000Z'],
    ['ven., 03 juil. 2020 15:09:58 +0000', 'UTC', '2020-07-03T15:09:58.000Z'],
    ['Lundi, 16. Novembre 2020 - 15:54', 'UTC', '2020-11-16T15:54:00.000Z'],
    ['Κυρ, 11 Ιούλ 2004 12:00:00 EST', 'UTC', '2004-07-11T17:00:00.000Z'],
    ['2004-július-13T9:15-05:00', 'UTC', '2004-07-13T14:15:00.000Z'],
    ['2004-05-25 오후 11:23:17', 'Asia/Seoul', '2004-05-25T14:23:17.000Z'],
    ['2021年12月16日 下午3:05', 'Asia/Shanghai', '2021-12-16T07:05:00.000Z'],
    // Chinese dates with something after the time: the month is not read as the day.
    ['2021年12月06日 11:28:08 +0800', 'UTC', '2021-12-06T03:28:08.000Z'],
    ['2021年12月16日 11:28:08 +0800', 'UTC', '2021-12-16T03:28:08.000Z'],
    ['2021年12月06日 11:28 GMT+8', 'UTC', '2021-12-06T03:28:00.000Z'],
    ['2021年12月06日 11:28 星期一', 'Asia/Shanghai', '2021-12-06T03:28:00.000Z'],
    ['2021年12月06日 11:28:08 (北京时间)', 'Asia/Shanghai', '2021-12-06T03:28:08.000Z'],
    ['2021年12月6日 11:28:08 CST', 'Asia/Shanghai', '2021-12-06T03:28:08.000Z'],
    ['2021.12.06 11:28:08 北京', 'Asia/Shanghai', '2021-12-06T03:28:08.000Z'],
    ['Sat, 11 04 2020 08:51:49 +0100', 'UTC', '2020-04-11T07:51:49.000Z'],
    ['Mon, 03/30/2020 - 19:19', 'UTC', '2020-03-30T19:19:00.000Z'],
    ['09/15/2014 4:20 pm PST', 'UTC', '2014-09-16T00:20:00.000Z'],
    ['Fri, 26/06/2020', 'UTC', '2020-06-26T00:00:00.000Z'],
    ['10/30/23 21:55:58', 'UTC', '2023-10-30T21:55:58.000Z'],
    ['30.10.23', 'UTC', '2023-10-30T00:00:00.000Z'],
    ['16.12.2021 11:28', 'Asia/Shanghai', '2021-12-16T03:28:00.000Z'],
    ['Fri, 2006/09/15 08:19:53 EDT', 'UTC', '2006-09-15T12:19:53.000Z'],
    ['20031231T101455Z', 'UTC', '2003-12-31T10:14:55.000Z'],
    ['20031231', 'UTC', '2003-12-31T00:00:00.000Z'],
    ['2003-335T10:14:55Z', 'UTC', '2003-12-01T10:14:55.000Z'],
    ['03-12-31', 'UTC', '2003-12-31T00:00:00.000Z'],
    ['Sun, 16 Dec 2012 1:2:3 +0000', 'UTC', '2012-12-16T01:02:03.000Z'],
    ['2023-05-29 00:00:00+15:00', 'Asia/Tokyo', '2023-05-29T00:00:00.000Z'],
    ['1520932969', 'UTC', '2018-03-13T09:22:49.000Z'],
    ['2004-07-08 23:56:58.7', 'UTC', '2004-07-08T23:56:58.700Z'],
  ];

  it.each(cases)('%s in %s → %s', (input, zone, expected) => {
    expect(parseFeedDate(input, zone)).toBe(expected);
  });

  it.each(['invalid', 'soon', 'Sun, 31 Dec 9999 23:59:59 -9999', '2021-12-16T11:28:08+99:00', '3 days ago'])(
    'reads %s as null',
    (input) => {
      expect(parseFeedDate(input, 'UTC')).toBeNull();
    },
  );
});

describe('readFeedDate: more zones and reduced ISO 8601 forms', () => {
  const cases: [input: string, zone: string, expected: string][] = [
    // North American names: generic ones follow daylight saving time, like ET and PT.
    ['Thu, 16 Dec 2021 03:28:08 AT', 'UTC', '2021-12-16T07:28:08.000Z'],
    ['Wed, 16 Jun 2021 03:28:08 AT', 'UTC', '2021-06-16T06:28:08.000Z'],
    ['Thu, 16 Dec 2021 03:28:08 AKT', 'UTC', '2021-12-16T12:28:08.000Z'],
    ['Thu, 16 Dec 2021 03:28:08 NT', 'UTC', '2021-12-16T06:58:08.000Z'],
    ['Thu, 16 Dec 2021 03:28:08 HAST', 'UTC', '2021-12-16T13:28:08.000Z'],
    ['Wed, 16 Jun 2021 03:28:08 HADT', 'UTC', '2021-06-16T12:28:08.000Z'],
    ['Wed, 16 Jun 2021 03:28:08 HDT', 'UTC', '2021-06-16T12:28:08.000Z'],
    ['Thu, 16 Dec 2021 03:28:08 AKST', 'UTC', '2021-12-16T12:28:08.000Z'],
    // "at" joining date and time is a word, not Atlantic time.
    ['December 16, 2021 at 3:05 PM', 'Asia/Shanghai', '2021-12-16T07:05:00.000Z'],
    // Reduced precision: hours without minutes.
    ['2024-05-06T10Z', 'UTC', '2024-05-06T10:00:00.000Z'],
    ['2024-05-06T10+02', 'UTC', '2024-05-06T08:00:00.000Z'],
    ['20240506T10Z', 'UTC', '2024-05-06T10:00:00.000Z'],
    ['20240506T1020Z', 'UTC', '2024-05-06T10:20:00.000Z'],
    // Week dates (ISO 8601 §4.1.4): week 1 holds the year's first Thursday.
    ['2024-W19-1', 'UTC', '2024-05-06T00:00:00.000Z'],
    ['2024W191', 'UTC', '2024-05-06T00:00:00.000Z'],
    ['2024-W19', 'UTC', '2024-05-06T00:00:00.000Z'],
    ['2024-W19-7T10:20:30Z', 'UTC', '2024-05-12T10:20:30.000Z'],
    ['2020-W53-5', 'UTC', '2021-01-01T00:00:00.000Z'],
    ['2009-W01-1', 'UTC', '2008-12-29T00:00:00.000Z'],
  ];

  it.each(cases)('%s in %s → %s', (input, zone, expected) => {
    expect(readFeedDate(input, zone)).toEqual({ iso: expected, problem: null });
  });

  it.each(['2021-W53-1', '2024-W00-1', '2024-W19-8', '2024-W54'])('reads %s as no date', (input) => {
    expect(readFeedDate(input, 'UTC')).toEqual({ iso: null, problem: `unparseable date "${input}"` });
  });
});

describe('readFeedDate: dates out of range', () => {
  it.each([
    '99999-01-01',
    '275760-09-13T00:00:00Z',
    '+275760-09-13T00:00:00.000Z',
    '-000001-01-01T00:00:00Z',
    '9999-12-31T23:00:00-05:00',
    'Fri, 31 Dec 9999 23:00:00 -0500',
    '12/31/9999 23:00 -0500',
    '1969-12-31T23:59:59Z',
    '1900-01-01',
    '0001-01-01T00:00:00Z',
    // The Unix epoch is what an unset timestamp prints, in any zone.
    'Thu, 01 Jan 1970 00:00:00 GMT',
    'Thu, 01 Jan 1970 08:00:00 +0800',
  ])('drops %s, saying why', (input) => {
    expect(readFeedDate(input, 'UTC')).toEqual({
      iso: null,
      problem: `date "${input}" is out of range (1970 to 9999), dropped`,
    });
  });

  it('keeps the last and first instants of the range', () => {
    expect(readFeedDate('9999-12-31T23:59:59Z', 'UTC').iso).toBe('9999-12-31T23:59:59.000Z');
    expect(readFeedDate('1970-01-01T00:00:01Z', 'UTC').iso).toBe('1970-01-01T00:00:01.000Z');
  });

  it('judges the instant, not the year as written, as import and post dates do', () => {
    expect(readFeedDate('1969-12-31T23:00:00-05:00', 'UTC')).toEqual({
      iso: '1970-01-01T04:00:00.000Z',
      problem: null,
    });
    expect(readFeedDate('1969-12-31 20:00', 'America/New_York').iso).toBe('1970-01-01T01:00:00.000Z');
  });

  it('reads an impossible UTC offset as UTC, saying so', () => {
    for (const input of [
      '2021-12-16T03:28:08-2359',
      '2021-12-16T03:28:08+15:00',
      'Thu, 16 Dec 2021 03:28:08 -2359',
      '16 Dec 2021 03:28:08 GMT+2300',
    ])
      expect(readFeedDate(input, 'Asia/Tokyo')).toEqual({
        iso: '2021-12-16T03:28:08.000Z',
        problem: `date "${input}" has an impossible UTC offset, read as UTC`,
      });
  });
});
