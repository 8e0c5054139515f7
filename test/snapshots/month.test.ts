import { isMonth, monthBounds, monthOf, nextMonth, previousMonth } from '../../src/snapshots/month.js';
import { describe, expect, test } from '../fixtures.js';

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
