/** Reading the app's metrics in tests. */
import type { Counter } from 'prom-client';

/** The counter's value for these labels (0 when never incremented). */
export async function counted<L extends string>(counter: Counter<L>, labels: Partial<Record<L, string>> = {}) {
  const { values } = await counter.get();
  const matches = values.filter((sample) =>
    Object.entries(labels).every(([name, value]) => sample.labels[name as L] === value),
  );
  return matches.reduce((sum, sample) => sum + sample.value, 0);
}
