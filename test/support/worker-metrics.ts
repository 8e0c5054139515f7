/**
 * The `services` fixture's metrics: one registry per worker, zeroed for each test by testServices (building one
 * costs ~0.13 ms, zeroing it 2 µs).
 */
import { expect } from 'vitest';
import { createMetrics, type Metrics } from '../../src/metrics/metrics.ts';
import { strykerMode } from '../mutation/stryker-mode.ts';

export class WorkerMetrics {
  #metrics = createMetrics();
  /** The test file the metrics were built for (Stryker's coverage run only). */
  #file: string | undefined;

  /**
   * In Stryker's coverage run, new metrics for each test file, for the reason apps are built per file there
   * (apps.ts): the code that builds them is then credited to a test of every file, not to one test of the worker,
   * and a mutant in it is tested by the tests that read /metrics.
   */
  get(): Metrics {
    if (strykerMode() === 'dry-run') {
      const file = expect.getState().testPath;
      if (file !== this.#file) this.#metrics = createMetrics();
      this.#file = file;
    }
    return this.#metrics;
  }
}
