/**
 * The worker reuses one app per config across tests (support/apps.ts), but each test gets its own
 * services. One test plays both sides, so it holds alone, in any order and under -t: it fills the cache,
 * opens the breaker and counts, then sets the app up for the next test exactly as the fixtures do
 * (testServices, then the worker's AppCache), and that next test's services must show none of it.
 */
import { describe, expect, test } from '../fixtures.ts';
import { TestClient } from './client.ts';
import { counted } from './metrics.ts';
import { openWeatherMap } from './openweathermap.ts';
import { testServices } from './services.ts';

describe('services do not leak from one test to the next', () => {
  test('the next test, on the same app, starts with an empty cache, a closed breaker and zeroed metrics', async ({
    app,
    client,
    config,
    db,
    network,
    services,
    upstream,
    workerApps,
    workerMetrics,
  }) => {
    expect((await client.get('/weather?city=Dublin')).statusCode).toBe(200);
    upstream.use(openWeatherMap.status(500));
    for (const city of ['Paris', 'Rome', 'Oslo', 'Cairo', 'Tokyo']) await client.get(`/weather?city=${city}`);
    expect((await client.get('/weather?city=Sydney')).headers['retry-after']).toBe('30');
    expect(await counted(services.metrics.weatherCacheMisses)).toBe(7);

    // What the fixtures do before the next test: its own services, the same app, the upstream's defaults back.
    const next = await testServices(config, db, workerMetrics.get());
    expect(await workerApps.get(config, next)).toBe(app);
    network.server.resetHandlers();
    const browser = new TestClient(app, config.publicUrl);
    const sentBefore = upstream.sent.length;

    expect((await browser.get('/weather?city=Sydney')).statusCode).toBe(200); // closed breaker
    expect((await browser.get('/weather?city=Dublin')).statusCode).toBe(200);
    expect(upstream.sent.length - sentBefore).toBe(2); // Dublin was asked for again: nothing cached
    expect(await counted(next.metrics.weatherCacheMisses)).toBe(2);
    expect(await counted(next.metrics.upstreamRequests, { outcome: 'error' })).toBe(0);
  });
});
