/**
 * The worker reuses one app per config across tests (support/apps.ts), but
 * each test gets its own services: these two tests run in order on the same
 * app, and the second must not see the first one's cache, breaker or counts.
 */
import { describe, expect, test } from '../fixtures.js';
import { counted } from './metrics.js';
import { openWeatherMap } from './openweathermap.js';

describe('services do not leak from one test to the next', () => {
  let firstApp: unknown;

  test('the first test fills the cache, opens the breaker and counts', async ({ app, client, upstream, services }) => {
    firstApp = app;
    expect((await client.get('/weather?city=Dublin')).statusCode).toBe(200);
    upstream.use(openWeatherMap.status(500));
    for (const city of ['Paris', 'Rome', 'Oslo', 'Cairo', 'Tokyo']) await client.get(`/weather?city=${city}`);
    expect((await client.get('/weather?city=Sydney')).headers['retry-after']).toBe('30');
    expect(await counted(services.metrics.weatherCacheMisses)).toBe(7);
  });

  test('the next, on the same app, starts with an empty cache, a closed breaker and zeroed metrics', async ({
    app,
    client,
    upstream,
    services,
  }) => {
    expect(app).toBe(firstApp);
    expect((await client.get('/weather?city=Sydney')).statusCode).toBe(200); // closed breaker
    expect((await client.get('/weather?city=Dublin')).statusCode).toBe(200);
    expect(upstream.sent).toHaveLength(2); // Dublin was asked for again: nothing cached
    expect(await counted(services.metrics.weatherCacheMisses)).toBe(2);
    expect(await counted(services.metrics.upstreamRequests, { outcome: 'error' })).toBe(0);
  });
});
