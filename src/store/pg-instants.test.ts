import { describe, expect, it } from 'vitest';
import { instantParameter } from './store-values.js';
import { instantFromPostgres } from './pg-instants.js';

describe('instants at the PostgreSQL boundary', () => {
  it('passes canonical times through unchanged and writes other ISO forms canonically', () => {
    expect(instantParameter('2026-01-02T03:04:05.678Z', 'x')).toBe('2026-01-02T03:04:05.678Z');
    expect(instantParameter('2026-01-02T03:04:05Z', 'x')).toBe('2026-01-02T03:04:05.000Z');
    expect(instantParameter('2026-01-02T11:04:05.678+08:00', 'x')).toBe('2026-01-02T03:04:05.678Z');
  });

  it("refuses what PostgreSQL would read as a time but is none: 'now', 'epoch', 'infinity', dates alone", () => {
    for (const value of [
      'now',
      'epoch',
      'infinity',
      '2026-01-02',
      '2026-01-02 03:04:05',
      '+010000-01-01T00:00:00.000Z',
      '',
    ])
      expect(() => instantParameter(value, 'the seen time'), value).toThrow(
        /^the seen time ".*" is not an ISO 8601 time/,
      );
  });

  it('reads timestamptz text back into the form it was written in', () => {
    expect(instantFromPostgres('2026-01-02 03:04:05.678+00')).toBe('2026-01-02T03:04:05.678Z');
    expect(instantFromPostgres('2026-01-02 03:04:05+00')).toBe('2026-01-02T03:04:05.000Z');
    expect(instantFromPostgres('2026-01-02 03:04:05.5+00')).toBe('2026-01-02T03:04:05.500Z');
    expect(instantFromPostgres('2026-01-02 03:04:05.678901+00')).toBe('2026-01-02T03:04:05.678Z');
  });

  it('refuses timestamptz text in any other form rather than misread it', () => {
    for (const text of [
      '2026-01-02 03:04:05+08',
      '12345-01-01 00:00:00+00',
      '0001-01-01 00:00:00+00 BC',
      'infinity',
      '02/01/2026 03:04:05 UTC',
    ])
      expect(() => instantFromPostgres(text), text).toThrow(/not a UTC instant/);
  });
});
