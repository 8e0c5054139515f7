/** Reading the app's metrics in tests: a counter's value, or samples in a scrape's Prometheus text. */
import type { Counter } from 'prom-client';

/** The counter's value for these labels (0 when never incremented). */
export async function counted<L extends string>(counter: Counter<L>, labels: Partial<Record<L, string>> = {}) {
  const { values } = await counter.get();
  const matches = values.filter((sample) =>
    Object.entries(labels).every(([name, value]) => sample.labels[name as L] === value),
  );
  return matches.reduce((sum, sample) => sum + sample.value, 0);
}

/** The value of `name{labels}` in a scrape, or undefined when there is no such sample. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels)
    .map(([label, value]) => `${label}="${value}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const match = /^([a-z_:][\w:]*)(?:\{(.*)\})? (\S+)$/i.exec(line);
    if (!match || match[1] !== name) continue;
    const got = (match[2] ?? '').split(',').filter(Boolean).sort().join(',');
    if (got === wanted) return Number(match[3]);
  }
  return undefined;
}

/** Every value a label takes in a metric's samples, e.g. all the `route`s the histogram has seen. */
export function labelValues(text: string, name: string, label: string): string[] {
  const values = new Set<string>();
  const pattern = new RegExp(`^${name}(?:_bucket|_sum|_count)?\\{[^}]*\\b${label}="([^"]*)"`);
  for (const line of text.split('\n')) {
    const value = pattern.exec(line)?.[1];
    if (value !== undefined) values.add(value);
  }
  return [...values].sort();
}
