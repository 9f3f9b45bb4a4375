import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { listFiles } from '../test-support/demo-site.js';
import { seedItems, testSource } from '../test-support/seeded-store.js';
import { buildSite } from './build-site.js';
import { createSiteDates } from './site-dates.js';
import { storeFileOf } from '../test-support/store-file.js';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

/** Intl's own answer, `YYYY-MM-DD HH:MM` in the zone: what `display` must give. */
function referenceFormat(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
}

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
      const reference = referenceFormat(timeZone);
      let state = 7;
      for (let i = 0; i < 2_000; i++) {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        // 1970 (the first instant a post is dated, core/publication-date.ts) to 2050.
        const iso = new Date(
          Date.UTC(1970, 0, 1) + (state / 2 ** 32) * 80 * 365.25 * 86_400_000,
        ).toISOString();
        const expected = reference.format(new Date(iso));
        expect(dates.display(iso), `${timeZone} ${iso}`).toBe(expected);
        expect(dates.month(iso)).toBe(expected.slice(0, 7));
      }
    }
  });
});

describe('createSiteDates in the process’s own zone', () => {
  it('takes offsets from Date without Intl, the same as Intl gives, in every zone Intl lists', () => {
    const saved = process.env.TZ;
    const instants: string[] = [];
    let state = 11;
    for (let i = 0; i < 40; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      // 1970 to 2100, and the last instant a post can have.
      instants.push(
        new Date(Date.UTC(1970, 0, 1) + (state / 2 ** 32) * 130 * 365.25 * 86_400_000).toISOString(),
      );
    }
    instants.push('9999-12-31T23:59:59.999Z', '1970-01-01T00:00:00.001Z');
    const mismatches: string[] = [];
    try {
      for (const timeZone of Intl.supportedValuesOf('timeZone')) {
        delete process.env.TZ;
        const throughIntl = createSiteDates(timeZone);
        const expected = instants.map((iso) => [throughIntl.display(iso), throughIntl.month(iso)]);
        process.env.TZ = timeZone;
        const formatter = vi.spyOn(Intl, 'DateTimeFormat');
        try {
          const dates = createSiteDates(timeZone);
          instants.forEach((iso, index) => {
            const actual = [dates.display(iso), dates.month(iso)];
            if (actual.join() !== expected[index]?.join())
              mismatches.push(`${timeZone} ${iso}: ${actual.join()}, not ${expected[index]?.join()}`);
          });
          expect(formatter).not.toHaveBeenCalled();
        } finally {
          formatter.mockRestore();
        }
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    expect(mismatches).toEqual([]);
  });
});

describe('createSiteDates, weeks with a change', () => {
  it('agrees with Intl at every hour of two years, Morocco’s Ramadan pauses and Lord Howe included', () => {
    for (const timeZone of [
      'Africa/Casablanca',
      'Europe/Berlin',
      'America/Santiago',
      'Australia/Lord_Howe',
    ]) {
      const dates = createSiteDates(timeZone);
      const reference = referenceFormat(timeZone);
      // Past the hour, so an instant one minute either side of a change is checked too.
      for (let time = Date.UTC(2023, 0, 1, 0, 29); time < Date.UTC(2025, 0, 1); time += 3_600_000) {
        const iso = new Date(time).toISOString();
        expect(dates.display(iso), `${timeZone} ${iso}`).toBe(reference.format(new Date(time)));
      }
    }
  });
});

describe('createSiteDates, months', () => {
  it('gives the month of the local day, in the zones furthest from UTC and for malformed texts', () => {
    const texts = [
      '2023-13-05T10:00:00Z',
      '2023-00-05T10:00:00Z',
      '2023-05-05T24:00:00Z',
      '2023-05-05T10:60:00Z',
    ];
    texts.push('1969-05-05T10:00:00Z', '2023-05-05T10:00:00+08:00', '2023-05-05', ' 2023-05-05T10:00:00Z');
    for (const month of ['01', '02', '06', '12'])
      for (let day = 1; day <= 31; day++)
        for (const time of ['00:00:00.000', '11:59:59.999', '12:00:00.000', '23:59:59.999', '10:00'])
          texts.push(`2024-${month}-${String(day).padStart(2, '0')}T${time}Z`);
    for (const timeZone of ['Pacific/Kiritimati', 'Etc/GMT+12', 'Asia/Shanghai', 'America/St_Johns']) {
      const dates = createSiteDates(timeZone);
      for (const iso of texts)
        expect(dates.month(iso), `${timeZone} ${iso}`).toBe(dates.day(iso).slice(0, 7));
    }
  });
});

describe('createSiteDates, stored dates out of range', () => {
  it('keeps every day and month within years of four digits, whatever the stored text', () => {
    const shanghai = createSiteDates('Asia/Shanghai');
    // A valid instant whose local day is already in year 10000.
    expect(shanghai.month('9999-12-31T20:00:00.000Z')).toBe('9999-12');
    expect(shanghai.display('9999-12-31T20:00:00.000Z')).toBe('9999-12-31 23:59');
    expect(shanghai.month('+010000-01-01T04:00:00.000Z')).toBe('9999-12');
    expect(shanghai.day('+275760-09-13T00:00:00.000Z')).toBe('9999-12-31');
    // Before the range posts are dated in (1970 to 9999), as a text that is no date: its first instant.
    expect(shanghai.display('0001-01-01T00:00:00.000Z')).toBe('1970-01-01 08:00');
    expect(shanghai.display('-000001-01-01T00:00:00.000Z')).toBe('1970-01-01 08:00');
    expect(shanghai.display('not a date')).toBe('1970-01-01 08:00');
    expect(createSiteDates('America/Los_Angeles').day('1969-07-20T20:17:40.000Z')).toBe('1969-12-31');
  });

  it('builds a site from a store holding such dates: no failure, no archive past 9999', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'newsmill-site-dates-'));
    const source = testSource('feeds/a.xml', ['News', 'A', 'All']);
    const config = {
      ...parseConfigText('timezone: Asia/Shanghai\n', path.join(dir, 'newsmill.yaml'), {}),
      sources: [source],
    };
    const store = openSqliteStore(storeFileOf(config));
    try {
      await seedItems(store, source, 4);
      // What an older parser stored, or an edited export brought in.
      const dates = [
        '+275760-09-13T00:00:00.000Z',
        '+010000-01-01T04:00:00.000Z',
        '9999-12-31T20:00:00.000Z',
      ];
      const items = (await store.listItems(source.key)).slice(0, dates.length);
      await store.saveItems(
        source.key,
        items.map((item, index) => ({
          identity: item.identity,
          item: { ...item, published: dates[index] ?? null },
        })),
        '2024-02-02T00:00:00.000Z',
      );
      await buildSite({ config, store });
    } finally {
      await store.close();
    }
    const archives = listFiles(config.output.site).filter((file) => file.startsWith('archives/'));
    expect(archives.length).toBeGreaterThan(0);
    for (const file of archives) expect(file).toMatch(/^archives\/(?:index\.html|\d{4}\/\d{2}\/)/);
  });
});
