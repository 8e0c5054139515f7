import { createMetrics } from '../../src/metrics/metrics.ts';
import { describe, expect, test } from '../fixtures.ts';
import { sample } from '../support/metrics.ts';

describe('createMetrics', () => {
  test('each call has its own registry: one app counts nothing for another', async () => {
    const first = createMetrics();
    const second = createMetrics();
    first.weatherCacheHits.inc();
    first.upstreamRequests.inc({ upstream: 'openweathermap', outcome: 'ok' });
    const labels = { upstream: 'openweathermap', outcome: 'ok' };
    expect(sample(await first.registry.metrics(), 'skydeck_weather_cache_hits_total')).toBe(1);
    expect(sample(await first.registry.metrics(), 'skydeck_upstream_requests_total', labels)).toBe(1);
    expect(sample(await second.registry.metrics(), 'skydeck_weather_cache_hits_total')).toBe(0);
    expect(sample(await second.registry.metrics(), 'skydeck_upstream_requests_total', labels)).toBeUndefined();
  });

  test('process metrics only when asked for (the server asks; tests do not)', async () => {
    expect(await createMetrics().registry.metrics()).not.toContain('process_cpu_user_seconds_total');
    const withProcess = await createMetrics({ processDefaults: true }).registry.metrics();
    // Present, not necessarily above 0: prom-client counts CPU time from when the registry asked for it.
    expect(sample(withProcess, 'process_cpu_user_seconds_total')).toEqual(expect.any(Number));
    expect(withProcess).toContain('nodejs_eventloop_lag_seconds');
  });
});
