/**
 * Skydeck's Prometheus metrics. One registry per app (never prom-client's
 * global one), so any number of apps can live in one test process and each
 * test reads only its own counts.
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export type UpstreamName = 'openweathermap' | 'github';
export type UpstreamOutcome = 'ok' | 'not_found' | 'error' | 'timeout' | 'rate_limited' | 'breaker_open';
export type SnapshotOutcome = 'ok' | 'partial' | 'failed' | 'skipped';

export interface Metrics {
  registry: Registry;
  upstreamRequests: Counter<'upstream' | 'outcome'>;
  weatherCacheHits: Counter;
  weatherCacheMisses: Counter;
  weatherCacheStale: Counter;
  httpRequestDuration: Histogram<'method' | 'route' | 'status_class'>;
  snapshotRuns: Counter<'outcome'>;
}

export function createMetrics(options: { processDefaults?: boolean } = {}): Metrics {
  const registry = new Registry();
  // Process metrics (CPU, memory, event loop lag) read the process, not the app: the server wants them, tests don't.
  if (options.processDefaults) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    upstreamRequests: new Counter({
      name: 'skydeck_upstream_requests_total',
      help: 'Calls to upstream providers, by outcome.',
      labelNames: ['upstream', 'outcome'],
      registers,
    }),
    weatherCacheHits: new Counter({
      name: 'skydeck_weather_cache_hits_total',
      help: 'Weather lookups answered from the cache within its TTL.',
      registers,
    }),
    weatherCacheMisses: new Counter({
      name: 'skydeck_weather_cache_misses_total',
      help: 'Weather lookups that had to ask the provider.',
      registers,
    }),
    weatherCacheStale: new Counter({
      name: 'skydeck_weather_cache_stale_total',
      help: 'Weather lookups answered with a stale value because the provider failed.',
      registers,
    }),
    httpRequestDuration: new Histogram({
      name: 'skydeck_http_request_duration_seconds',
      help: 'Time to answer HTTP requests.',
      labelNames: ['method', 'route', 'status_class'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    snapshotRuns: new Counter({
      name: 'skydeck_snapshot_runs_total',
      help: 'Snapshot job runs, by outcome.',
      labelNames: ['outcome'],
      registers,
    }),
  };
}
