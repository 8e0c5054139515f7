/** Reading the app's metrics in tests, and waiting for one to reach a value. */
import type { Counter } from 'prom-client';

/** The counter's value for these labels (0 when never incremented). */
export async function counted<L extends string>(counter: Counter<L>, labels: Partial<Record<L, string>> = {}) {
  const { values } = await counter.get();
  const matches = values.filter((sample) =>
    Object.entries(labels).every(([name, value]) => sample.labels[name as L] === value),
  );
  return matches.reduce((sum, sample) => sum + sample.value, 0);
}

/**
 * Lets the event loop turn until `condition` holds: for in-process requests that
 * must reach a point before the test lets upstream answer. Bounded, so a broken
 * condition fails the test instead of hanging it.
 */
export async function until(condition: () => boolean | Promise<boolean>, turns = 1000): Promise<void> {
  for (let turn = 0; turn < turns; turn++) {
    if (await condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`condition not reached after ${turns} turns of the event loop`);
}
