/**
 * The `services` fixture's metrics: one registry per worker, zeroed for each test by testServices (building one
 * costs ~0.13 ms, zeroing it 2 µs). In Stryker's coverage run, one per test file, as apps are (apps.ts), so the
 * tests that read /metrics are the ones that judge a mutant in the code that builds them.
 */
import { createMetrics, type Metrics } from '../../src/metrics/metrics.ts';
import { PerFileInCoverageRun } from '../mutation/stryker-mode.ts';

export class WorkerMetrics {
  #metrics = createMetrics();
  readonly #perFile = new PerFileInCoverageRun();

  get(): Metrics {
    if (this.#perFile.newFile()) this.#metrics = createMetrics();
    return this.#metrics;
  }
}
