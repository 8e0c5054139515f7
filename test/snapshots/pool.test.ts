import { mapWithConcurrency } from '../../src/snapshots/pool.ts';
import { describe, expect, test } from '../fixtures.ts';

/** A task whose calls stay pending until released, recording how many run at once. */
function gatedTask() {
  const pending: Array<() => void> = [];
  let active = 0;
  let most = 0;
  const task = async (item: number) => {
    most = Math.max(most, ++active);
    await new Promise<void>((resolve) => pending.push(resolve));
    active--;
    return item * 10;
  };
  return { task, pending, most: () => most };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('mapWithConcurrency', () => {
  test('never runs more than the limit at once, and starts the next as one finishes', async () => {
    const { task, pending, most } = gatedTask();
    const result = mapWithConcurrency([1, 2, 3, 4, 5, 6], 4, task);
    await tick();
    expect(pending).toHaveLength(4);
    pending[0]!(); // one finishes…
    await tick();
    expect(pending).toHaveLength(5); // …and the fifth starts
    for (let released = 1; released < 6; released++) {
      pending[released]!();
      await tick();
    }
    expect(await result).toEqual([10, 20, 30, 40, 50, 60]); // in input order
    expect(most()).toBe(4);
  });

  test('returns results in input order even when later items finish first', async () => {
    const { task, pending } = gatedTask();
    const result = mapWithConcurrency([1, 2, 3], 3, task);
    await tick();
    for (const release of [...pending].reverse()) release();
    expect(await result).toEqual([10, 20, 30]);
  });

  test('an empty list resolves at once, and a limit above the list size is fine', async () => {
    expect(await mapWithConcurrency([], 4, async (item: number) => item)).toEqual([]);
    expect(await mapWithConcurrency([1, 2], 10, async (item) => item + 1)).toEqual([2, 3]);
  });
});
