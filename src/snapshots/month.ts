/** Months as "YYYY-MM" in UTC, and the ISO bounds of their samples. Pure text: no time zone can creep in. */

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

/** The UTC month a moment falls in. */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

export function nextMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const index = Number(month.slice(5, 7)); // 1–12; as a 0-based index it is already the next month
  return index === 12 ? `${pad(year + 1, 4)}-01` : `${pad(year, 4)}-${pad(index + 1, 2)}`;
}

export function previousMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const index = Number(month.slice(5, 7));
  return index === 1 ? `${pad(year - 1, 4)}-12` : `${pad(year, 4)}-${pad(index - 1, 2)}`;
}

/** [from, to) as ISO timestamps, comparable with the stored ones as text. */
export function monthBounds(month: string): { from: string; to: string } {
  return { from: `${month}-01T00:00:00.000Z`, to: `${nextMonth(month)}-01T00:00:00.000Z` };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
