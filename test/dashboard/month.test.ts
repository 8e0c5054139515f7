import fc from 'fast-check';
import { type DashboardMonth, dashboardMonth, EARLIEST_MONTH } from '../../src/dashboard/month.ts';
import { isMonth, monthOf, nextMonth, previousMonth } from '../../src/snapshots/month.ts';
import { describe, expect, test } from '../fixtures.ts';
import { monthsOfYears } from '../support/arbitraries.ts';

const NOW = new Date('2026-11-27T10:20:00Z');
const NOT_UNDERSTOOD = 'That month was not understood (use YYYY-MM, e.g. 2026-11), so this is the current month.';
const CURRENT: DashboardMonth = { month: '2026-11', previous: '2026-10', next: null, note: null };

describe('the month the dashboard shows', () => {
  test('none asked for: the current UTC month, with the month before and no month after', () => {
    expect(dashboardMonth(undefined, NOW)).toEqual(CURRENT);
    expect(dashboardMonth(undefined, new Date('2026-12-31T23:59:59.999Z')).month).toBe('2026-12');
  });

  test.for<[string, DashboardMonth]>([
    ['2026-11', CURRENT],
    ['2026-10', { month: '2026-10', previous: '2026-09', next: '2026-11', note: null }],
    ['2026-01', { month: '2026-01', previous: '2025-12', next: '2026-02', note: null }],
    ['2025-12', { month: '2025-12', previous: '2025-11', next: '2026-01', note: null }],
    [EARLIEST_MONTH, { month: '1970-01', previous: null, next: '1970-02', note: null }],
  ])('%s: that month, and its neighbours up to the current one', ([requested, expected]) => {
    expect(dashboardMonth(requested, NOW)).toEqual(expected);
  });

  test.for<[string, unknown, string]>([
    ['a month 13', '2026-13', NOT_UNDERSTOOD],
    ['a month 0', '2026-00', NOT_UNDERSTOOD],
    ['letters', 'abc', NOT_UNDERSTOOD],
    ['9999-99', '9999-99', NOT_UNDERSTOOD],
    ['a one-digit month', '2026-1', NOT_UNDERSTOOD],
    ['an empty value', '', NOT_UNDERSTOOD],
    ['an array (?month=a&month=b)', ['2026-10', '2026-09'], NOT_UNDERSTOOD],
    ['a one-element array that reads as a month', ['2026-10'], NOT_UNDERSTOOD],
    ['a huge value', '2026-10'.repeat(10_000), NOT_UNDERSTOOD],
    ['an object', { month: '2026-10' }, NOT_UNDERSTOOD],
    [
      'a month to come',
      '2026-12',
      'There is no weather history for a month still to come, so this is the current month.',
    ],
    [
      'far in the future',
      '9999-12',
      'There is no weather history for a month still to come, so this is the current month.',
    ],
    ['before 1970', '1969-12', 'Skydeck has no weather history from before 1970, so this is the current month.'],
    ['year 0', '0000-01', 'Skydeck has no weather history from before 1970, so this is the current month.'],
  ])('%s: the current month, with a note', ([, requested, note]) => {
    expect(dashboardMonth(requested, NOW)).toEqual({ ...CURRENT, note });
  });
});

describe('the month the dashboard shows, for any request and any day', () => {
  const anyMonth = monthsOfYears(0, 9999);
  /** Whatever ?month= can be: missing, a month of any year, text, repeated (an array), anything at all. */
  const anyRequest = fc.oneof(
    fc.constant(undefined),
    anyMonth,
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.array(anyMonth, { minLength: 2, maxLength: 3 }),
    fc.anything({ maxDepth: 1 }),
  );
  const anyNow = fc.date({
    min: new Date('1970-01-01T00:00:00.000Z'),
    max: new Date('9999-11-30T23:59:59.999Z'),
    noInvalidDate: true,
  });
  const NOTES = [
    NOT_UNDERSTOOD,
    'There is no weather history for a month still to come, so this is the current month.',
    'Skydeck has no weather history from before 1970, so this is the current month.',
  ];

  test('property: a month from 1970-01 to the current one, its neighbours within those bounds, a note only for a refused request', () => {
    fc.assert(
      fc.property(anyRequest, anyNow, (requested, now) => {
        const current = monthOf(now);
        const shown = dashboardMonth(requested, now);
        expect(isMonth(shown.month)).toBe(true);
        expect(shown.month >= EARLIEST_MONTH && shown.month <= current).toBe(true);
        expect(shown.previous).toBe(shown.month === EARLIEST_MONTH ? null : previousMonth(shown.month));
        expect(shown.next).toBe(shown.month === current ? null : nextMonth(shown.month));
        const showable =
          typeof requested === 'string' && isMonth(requested) && requested >= EARLIEST_MONTH && requested <= current;
        if (requested === undefined || showable) {
          expect(shown.note).toBeNull();
          expect(shown.month).toBe(requested ?? current);
        } else {
          expect(NOTES).toContain(shown.note); // a fixed sentence: nothing of the request is echoed
          expect(shown.month).toBe(current);
        }
      }),
      { numRuns: 200 },
    );
  });
});
