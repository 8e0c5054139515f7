/**
 * For tests whose data or expectations name "now" (the current month, today): freeze Date at a
 * fixed moment for the rest of the test, so they mean the same whenever they run, midnight at a
 * month's end included. Only Date is faked: timers, queueMicrotask and nextTick keep running.
 */
import { onTestFinished, vi } from 'vitest';

/**
 * The last millisecond of a month: anything that reads the clock twice would straddle two months here.
 * In the past, as a frozen moment must be: the fixtures sign in at the real time, before the test body
 * freezes Date, and a session made then is still valid at any earlier moment.
 */
export const MONTH_END = '2026-11-30T23:59:59.999Z';

export function freezeDate(at: string): Date {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(at) });
  onTestFinished(() => {
    vi.useRealTimers();
  });
  return new Date();
}
