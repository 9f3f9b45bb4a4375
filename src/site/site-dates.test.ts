import { describe, expect, it } from 'vitest';
import { createSiteDates } from './site-dates.js';

describe('createSiteDates', () => {
  it('shows instants in the site’s zone, including across DST changes', () => {
    const shanghai = createSiteDates('Asia/Shanghai');
    expect(shanghai.display('2021-12-16T03:28:08.000Z')).toBe('2021-12-16 11:28');
    expect(shanghai.month('2021-12-31T16:30:00.000Z')).toBe('2022-01');
    const berlin = createSiteDates('Europe/Berlin');
    expect(berlin.display('2021-03-28T00:59:00.000Z')).toBe('2021-03-28 01:59');
    expect(berlin.display('2021-03-28T01:00:00.000Z')).toBe('2021-03-28 03:00');
    expect(createSiteDates('Asia/Kolkata').day('2021-12-31T18:29:00.000Z')).toBe('2021-12-31');
    expect(createSiteDates('Asia/Kolkata').day('2021-12-31T18:30:00.000Z')).toBe('2022-01-01');
  });

  it('follows a zone that changes its offset at half past a UTC hour', () => {
    // Lord Howe Island moves from UTC+10:30 to +11:00 at 15:30 UTC.
    const lordHowe = createSiteDates('Australia/Lord_Howe');
    expect(lordHowe.display('2024-10-05T15:10:00.000Z')).toBe('2024-10-06 01:40');
    expect(lordHowe.display('2024-10-05T15:29:00.000Z')).toBe('2024-10-06 01:59');
    expect(lordHowe.display('2024-10-05T15:30:00.000Z')).toBe('2024-10-06 02:30');
    expect(lordHowe.display('2024-10-05T15:45:00.000Z')).toBe('2024-10-06 02:45');
    expect(lordHowe.display('2024-10-05T16:10:00.000Z')).toBe('2024-10-06 03:10');
  });

  it('agrees with Intl for random instants in whole-hour, half-hour and DST zones', () => {
    const zones = [
      'Asia/Shanghai',
      'Europe/Berlin',
      'America/New_York',
      'Asia/Kolkata',
      'Australia/Lord_Howe',
      'UTC',
    ];
    for (const timeZone of zones) {
      const dates = createSiteDates(timeZone);
      const reference = new Intl.DateTimeFormat('sv-SE', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
      let state = 7;
      for (let i = 0; i < 2_000; i++) {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        // 1960 to 2040, so instants before the epoch are covered too.
        const iso = new Date(
          Date.UTC(1960, 0, 1) + (state / 2 ** 32) * 80 * 365.25 * 86_400_000,
        ).toISOString();
        const expected = reference.format(new Date(iso));
        expect(dates.display(iso), `${timeZone} ${iso}`).toBe(expected);
        expect(dates.month(iso)).toBe(expected.slice(0, 7));
      }
    }
  });

  it('reuses the offsets an earlier build looked up, only for the same zone and tz database', () => {
    const first = createSiteDates('Asia/Shanghai');
    expect(first.display('2021-12-16T03:28:08.000Z')).toBe('2021-12-16 11:28');
    expect(first.day('2021-01-02T00:00:00.000Z')).toBe('2021-01-02');
    const table = first.offsets();
    const day = Math.floor(Date.parse('2021-12-16T03:28:08.000Z') / 86_400_000);
    expect(table.zone).toBe('Asia/Shanghai');
    expect(table.days).toEqual([
      [day - 348, 28_800_000],
      [day, 28_800_000],
    ]);
    // A table that claims +09:00 for that day is taken at its word: the next build asks Intl nothing.
    const claimed = { ...table, days: table.days.map(([d]): [number, number] => [d, 32_400_000]) };
    expect(createSiteDates('Asia/Shanghai', claimed).display('2021-12-16T03:28:08.000Z')).toBe(
      '2021-12-16 12:28',
    );
    // Another zone's or another tz database's table is ignored.
    for (const other of [
      { ...claimed, zone: 'Asia/Tokyo' },
      { ...claimed, tz: 'older' },
    ])
      expect(createSiteDates('Asia/Shanghai', other).display('2021-12-16T03:28:08.000Z')).toBe(
        '2021-12-16 11:28',
      );
  });
});
