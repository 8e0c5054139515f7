/** fast-check generators shared by the property tests. */
import fc from 'fast-check';

/** Months as the app writes them (YYYY-MM, four-digit years), from January of `fromYear` to December of `toYear`. */
export function monthsOfYears(fromYear: number, toYear: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.integer({ min: fromYear, max: toYear }), fc.integer({ min: 1, max: 12 }))
    .map(([year, month]) => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`);
}
