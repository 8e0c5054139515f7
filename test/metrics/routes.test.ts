import { buildApp } from '../../src/app.ts';
import { SESSION_COOKIE } from '../../src/auth/session-plugin.ts';
import { describe, expect, test } from '../fixtures.ts';
import type { TestClient } from '../support/client.ts';
import { testConfig } from '../support/config.ts';
import { collectLogs } from '../support/logs.ts';
import { labelValues, sample } from '../support/metrics.ts';

const TOKEN = 'metrics-token-for-tests-0123456789';
const AUTHORIZED = { authorization: `Bearer ${TOKEN}` };
const DURATION = 'skydeck_http_request_duration_seconds';

const scrape = async (client: TestClient) => (await client.get('/metrics', { headers: AUTHORIZED })).body;

describe('GET /metrics without METRICS_TOKEN', () => {
  test('is the same 404 as any unknown route, token or not', async ({ client }) => {
    const metrics = await client.get('/metrics', { headers: AUTHORIZED });
    const unknown = await client.get('/metricz');
    expect(metrics.statusCode).toBe(404);
    expect(metrics.json()).toEqual({ error: 'no route for GET /metrics' });
    expect(Object.keys(metrics.headers).sort()).toEqual(Object.keys(unknown.headers).sort());
  });
});

describe('GET /metrics with METRICS_TOKEN set', () => {
  test.override('config', () => testConfig({ METRICS_TOKEN: TOKEN }));

  // First here: in Stryker's coverage run, the route's registration is credited to the first test that builds this
  // app (README, "Mutation testing"), and this one reads what it registered.
  test('is published in /openapi.json, with the bearer token it asks for', async ({ client }) => {
    const document = (await client.get('/openapi.json')).json();
    expect(document.paths['/metrics']).toEqual({
      get: {
        summary: 'Prometheus metrics (only when METRICS_TOKEN is set)',
        security: [{ metricsToken: [] }],
        responses: {
          200: {
            description: 'Prometheus text exposition format',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
          401: {
            description: 'Default Response',
            content: { 'application/json': { schema: expect.objectContaining({ required: ['error'] }) } },
          },
        },
      },
    });
    expect(document.components.securitySchemes.metricsToken).toEqual(expect.objectContaining({ scheme: 'bearer' }));
  });

  test.for<[string, Record<string, string>]>([
    ['no Authorization header', {}],
    ['a wrong token', { authorization: 'Bearer metrics-token-for-tests-0123456780' }],
    ['the token with a character more', { authorization: `Bearer ${TOKEN}x` }],
    ['the token cut short', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ['an empty bearer token', { authorization: 'Bearer ' }],
    ['the token under another scheme', { authorization: `Basic ${TOKEN}` }],
    ['the token without a scheme', { authorization: TOKEN }],
    ['two tokens', { authorization: `Bearer ${TOKEN} ${TOKEN}` }],
    ['the token after a scheme that only ends in "bearer"', { authorization: `xbearer ${TOKEN}` }],
  ])('%s → 401 with a JSON error and no metrics', async ([, headers], { client }) => {
    const response = await client.get('/metrics', { headers });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: 'a valid bearer token is required' });
    expect(response.headers['www-authenticate']).toBe('Bearer realm="skydeck metrics"');
    expect(response.body).not.toContain('skydeck_');
  });

  test('HEAD without the token is refused too', async ({ client }) => {
    expect((await client.request('HEAD', '/metrics')).statusCode).toBe(401);
  });

  test('the right token → 200 Prometheus text with every Skydeck metric, never cached', async ({ client }) => {
    await client.get('/healthz');
    const response = await client.get('/metrics', { headers: AUTHORIZED });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    for (const [name, type] of [
      ['skydeck_upstream_requests_total', 'counter'],
      ['skydeck_weather_cache_hits_total', 'counter'],
      ['skydeck_weather_cache_misses_total', 'counter'],
      ['skydeck_weather_cache_stale_total', 'counter'],
      [DURATION, 'histogram'],
      ['skydeck_snapshot_runs_total', 'counter'],
    ]) {
      expect(response.body).toContain(`# TYPE ${name} ${type}\n`);
    }
    expect(sample(response.body, 'skydeck_weather_cache_hits_total')).toBe(0);
    // The tests' apps leave process metrics out (they describe the test runner); the server's include them.
    expect(response.body).not.toContain('process_cpu_user_seconds_total');
  });

  test('the scheme is case-insensitive, as HTTP says, and may be followed by several spaces', async ({ client }) => {
    expect((await client.get('/metrics', { headers: { authorization: `bearer ${TOKEN}` } })).statusCode).toBe(200);
    expect((await client.get('/metrics', { headers: { authorization: `Bearer   ${TOKEN}` } })).statusCode).toBe(200);
  });

  test('never sets a cookie, even when the session plugin would clear a stale one', async ({ client }) => {
    client.cookies.set(SESSION_COOKIE, 'A'.repeat(43)); // the right shape, but no such session
    const control = await client.get('/healthz');
    expect(control.headers['set-cookie']).toEqual(expect.stringContaining(`${SESSION_COOKIE}=;`));
    client.cookies.set(SESSION_COOKIE, 'A'.repeat(43));
    const response = await client.get('/metrics', { headers: AUTHORIZED });
    expect(response.statusCode).toBe(200);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  describe('the request-duration histogram', () => {
    test('is labelled with the route pattern, the method and the status class', async ({ savedCities }) => {
      const { client, cities } = savedCities;
      await client.get('/healthz');
      await client.get(`/api/cities/${cities[0]!.id}/history`);
      await client.get('/api/cities/999999/history');
      await client.get('/no/such/page');
      await client.post('/api/cities', { json: { name: '' } });
      const text = await scrape(client);
      const count = (method: string, route: string, status_class: string) =>
        sample(text, `${DURATION}_count`, { method, route, status_class });
      expect(count('GET', '/healthz', '2xx')).toBe(1);
      expect(count('GET', '/api/cities/:id/history', '2xx')).toBe(1);
      expect(count('GET', '/api/cities/:id/history', '4xx')).toBe(1);
      expect(count('GET', 'unmatched', '4xx')).toBe(1);
      expect(count('POST', '/api/cities', '4xx')).toBe(1);
      // In seconds: an in-process /healthz takes a fraction of a millisecond, so well under 5 s (in ms it would not be).
      const healthzSeconds = sample(text, `${DURATION}_sum`, { method: 'GET', route: '/healthz', status_class: '2xx' });
      expect(healthzSeconds).toBeGreaterThan(0);
      expect(healthzSeconds).toBeLessThan(5);
      expect(labelValues(text, DURATION, 'route')).toEqual([
        '/api/cities',
        '/api/cities/:id/history',
        '/healthz',
        'unmatched',
      ]);
    });

    test('a flood of random paths adds no series: they share the "unmatched" route', async ({ client }) => {
      for (let i = 0; i < 50; i++) await client.get(`/random-${i}/${Math.random()}`);
      // Fastify refuses a malformed escape before routing and runs no hooks for it: not timed, no series either.
      expect((await client.get('/%E0%A4%A')).statusCode).toBe(400);
      const text = await scrape(client);
      expect(labelValues(text, DURATION, 'route')).toEqual(['unmatched']);
      expect(sample(text, `${DURATION}_count`, { method: 'GET', route: 'unmatched', status_class: '4xx' })).toBe(50);
    });

    test.for([1, 2])('starts from zero in every test (run %i)', async (_run, { client }) => {
      await client.get('/healthz');
      const text = await scrape(client);
      expect(sample(text, `${DURATION}_count`, { method: 'GET', route: '/healthz', status_class: '2xx' })).toBe(1);
    });
  });

  test('is never rate limited: scrapes spend nothing of the budget', async ({ db, schemaCompilers }) => {
    const limit = 3;
    const app = await buildApp(testConfig({ METRICS_TOKEN: TOKEN, RATE_LIMIT_PER_MINUTE: String(limit) }), {
      db,
      schemaCompilers,
    });
    const scrapes = [];
    for (let i = 0; i < 3 * limit; i++) scrapes.push(await app.inject({ url: '/metrics', headers: AUTHORIZED }));
    const weather = [];
    for (let i = 0; i <= limit; i++) weather.push((await app.inject({ url: '/weather?city=Dublin' })).statusCode);
    await app.close();
    expect(scrapes.map((response) => response.statusCode)).toEqual(Array(3 * limit).fill(200));
    expect(scrapes.every((response) => response.headers['x-ratelimit-limit'] === undefined)).toBe(true);
    expect(weather).toEqual([200, 200, 200, 429]); // the limit is on, and the scrapes left its budget whole
  });

  test('the token never reaches the log, right or wrong', async ({ db, schemaCompilers }) => {
    const logs = collectLogs();
    const app = await buildApp(testConfig({ METRICS_TOKEN: TOKEN, LOG_LEVEL: 'trace' }), {
      db,
      schemaCompilers,
      logStream: logs,
    });
    const ok = await app.inject({ url: '/metrics', headers: AUTHORIZED });
    const refused = await app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong-token-abcdefghij' } });
    await app.close();
    expect([ok.statusCode, refused.statusCode]).toEqual([200, 401]);
    expect(logs.lines.filter((line) => line.msg === 'request')).toHaveLength(2);
    expect(logs.text()).not.toContain(TOKEN);
    expect(logs.text()).not.toContain('wrong-token-abcdefghij');
  });
});
