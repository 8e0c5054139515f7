/**
 * Which month the dashboard shows, from `?month=` as a browser sent it: any
 * value at all (missing, malformed, an array, megabytes) gives a month to show,
 * never an error. A month it cannot show is the current one, with a note saying so.
 */
import { isMonth, monthOf, nextMonth, previousMonth } from '../snapshots/month.ts';

/**
 * The earliest month the dashboard goes back to. Skydeck keeps nothing older
 * (it records from when it runs), and it keeps the year at four digits.
 */
export const EARLIEST_MONTH = '1970-01';

export interface DashboardMonth {
  /** YYYY-MM: the month the charts show. */
  month: string;
  /** The month before, or null at EARLIEST_MONTH. */
  previous: string | null;
  /** The month after, or null for the current month: there is no history of the future. */
  next: string | null;
  /** Why the requested month is not the one shown, or null. */
  note: string | null;
}

export function dashboardMonth(requested: unknown, now: Date): DashboardMonth {
  const current = monthOf(now);
  const note = problemWith(requested, current);
  // YYYY-MM compares as text; a bad request shows the current month.
  const month = note === null && typeof requested === 'string' ? requested : current;
  return {
    month,
    previous: month > EARLIEST_MONTH ? previousMonth(month) : null,
    next: month < current ? nextMonth(month) : null,
    note,
  };
}

const NOTES = {
  malformed: 'That month was not understood (use YYYY-MM, e.g. 2026-11), so this is the current month.',
  future: 'There is no weather history for a month still to come, so this is the current month.',
  tooEarly: 'Skydeck has no weather history from before 1970, so this is the current month.',
} as const;

function problemWith(requested: unknown, current: string): string | null {
  if (requested === undefined) return null;
  if (typeof requested !== 'string' || !isMonth(requested)) return NOTES.malformed;
  if (requested > current) return NOTES.future;
  if (requested < EARLIEST_MONTH) return NOTES.tooEarly;
  return null;
}
