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
});
