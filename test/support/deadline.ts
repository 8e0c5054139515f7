/**
 * Deadlines under fake time: the test fakes setTimeout/clearTimeout (never
 * queueMicrotask or nextTick, which fetch needs), starts the request, and this
 * proves it settles exactly at the deadline.
 */
import { expect, vi } from 'vitest';

/**
 * Not a millisecond before `ms`, and at once when it comes: fails there, rather
 * than hanging until the test timeout when the deadline is broken. Returns what
 * `pending` settled with.
 */
export async function settlesAt<T>(pending: Promise<T>, ms: number): Promise<T> {
  let settled = false;
  const done = () => {
    settled = true;
  };
  pending.then(done, done);
  await vi.advanceTimersByTimeAsync(ms - 1);
  expect(settled, `settled before the ${ms} ms deadline`).toBe(false);
  await vi.advanceTimersByTimeAsync(1);
  await new Promise((resolve) => setImmediate(resolve)); // not faked: lets an answer go out
  expect(settled, `not settled at the ${ms} ms deadline`).toBe(true);
  return pending;
}
