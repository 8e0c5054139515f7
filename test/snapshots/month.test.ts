import fc from 'fast-check';
import { isMonth, monthBounds, monthOf, nextMonth, previousMonth } from '../../src/snapshots/month.ts';
import { describe, expect, test } from '../fixtures.ts';
import { monthsOfYears } from '../support/arbitraries.ts';

describe('months', () => {
  test.for<[string, boolean]>([
    ['2026-11', true],
    ['2026-01', true],
    ['2026-12', true],
    ['2026-13', false],
    ['2026-00', false],
    ['2026-1', false],
    ['26-11', false],
    ['2026-11-01', false],
    ['2026/11', false],
    [' 2026-11', false],
    ['2026-11\n', false],
    ['abc', false],
    ['', false],
  ])('"%s" is a month: %s', ([value, ok]) => {
    expect(isMonth(value)).toBe(ok);
  });

  test.for<[string, string]>([
    ['2026-01', '2026-02'],
    ['2026-09', '2026-10'],
    ['2026-12', '2027-01'],
    ['0999-12', '1000-01'],
  ])('after %s comes %s', ([month, next]) => {
    expect(nextMonth(month)).toBe(next);
  });

  test.for<[string, string]>([
    ['2026-02', '2026-01'],
    ['2026-10', '2026-09'],
    ['2026-01', '2025-12'],
    ['1000-01', '0999-12'],
  ])('before %s comes %s', ([month, previous]) => {
    expect(previousMonth(month)).toBe(previous);
  });

  test('a month’s bounds are its first instant and the next month’s, in UTC', () => {
    expect(monthBounds('2026-12')).toEqual({ from: '2026-12-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
  });

  test('the month of a moment is its UTC month', () => {
    expect(monthOf(new Date('2026-11-30T23:59:59.999Z'))).toBe('2026-11');
    expect(monthOf(new Date('2026-12-01T00:30:00+01:00'))).toBe('2026-11');
  });
});

describe('months, for any input', () => {
  /** Every month with a four-digit year, 0000-01 to 9999-12. */
  const anyMonth = monthsOfYears(0, 9999);
  // Up to 9999-11: the month after 9999-12 has a five-digit year, which is not an ISO time (nothing is stored then).
  const anyMoment = fc.date({
    min: new Date('0000-01-01T00:00:00.000Z'),
    max: new Date('9999-11-30T23:59:59.999Z'),
    noInvalidDate: true,
  });

  test('property: a string is a month exactly when it is YYYY-MM with a month from 01 to 12', () => {
    const shaped = fc.stringMatching(/^\d{4}-\d\d$/);
    fc.assert(
      fc.property(fc.oneof(shaped, fc.string({ unit: 'binary', maxLength: 12 }), anyMonth), (value) => {
        const month = Number(value.slice(5, 7));
        expect(isMonth(value)).toBe(/^\d{4}-\d\d$/.test(value) && month >= 1 && month <= 12);
      }),
      { numRuns: 200 },
    );
  });

  test('property: any moment falls inside the bounds of its month, which are whole UTC months end to end', () => {
    fc.assert(
      fc.property(anyMoment, (moment) => {
        const month = monthOf(moment);
        expect(isMonth(month)).toBe(true);
        const { from, to } = monthBounds(month);
        expect(from <= moment.toISOString() && moment.toISOString() < to).toBe(true);
        expect(monthOf(new Date(from))).toBe(month);
        expect(monthOf(new Date(Date.parse(to) - 1))).toBe(month); // the last millisecond is still this month
        expect(to).toBe(monthBounds(nextMonth(month)).from);
      }),
      { numRuns: 200 },
    );
  });

  test('property: next and previous are inverse steps of one month, in text order', () => {
    fc.assert(
      fc.property(anyMonth, (month) => {
        if (month < '9999-12') {
          expect(isMonth(nextMonth(month))).toBe(true);
          expect(nextMonth(month) > month).toBe(true);
          expect(previousMonth(nextMonth(month))).toBe(month);
        }
        if (month > '0000-01') {
          expect(previousMonth(month) < month).toBe(true);
          expect(nextMonth(previousMonth(month))).toBe(month);
        }
      }),
      { numRuns: 200 },
    );
  });
});
