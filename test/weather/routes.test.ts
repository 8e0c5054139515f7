import { CANNED_CITIES, currentWeatherBody, INVALID_KEY_BODY } from '../../src/demo/openweathermap-data.ts';
import { MAX_BODY_BYTES } from '../../src/http/upstream.ts';
import { describe, expect, test, vi } from '../fixtures.ts';
import { openWeatherMap } from '../support/openweathermap.ts';

describe('GET /weather', () => {
  test('returns the flattened weather of a known city', async ({ client }) => {
    const response = await client.get('/weather?city=Dublin');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      city: 'Dublin',
      temp_c: 11.5,
      description: 'broken clouds',
      feels_like_c: 10.9,
      humidity: 82,
      wind_ms: 5.66,
      icon: '04d',
      country: 'IE',
      observed_at: '2026-11-27T12:00:00.000Z',
    });
    expect(response.headers['x-skydeck-demo']).toBeUndefined();
  });

  test('sends upstream exactly one request: the trimmed city, the key, metric units', async ({ client, upstream }) => {
    await client.get(`/weather?city=${encodeURIComponent('  New York ')}`);
    expect(upstream.sent).toHaveLength(1);
    const url = new URL(upstream.sent[0]!.url);
    expect(url.pathname).toBe('/data/2.5/weather');
    expect(url.searchParams.get('q')).toBe('New York');
    expect(url.searchParams.get('appid')).toBe('test_key');
    expect(url.searchParams.get('units')).toBe('metric');
  });

  test.for<[string, string]>([
    ['no city', '/weather'],
    ['an empty city', '/weather?city='],
    ['only spaces', '/weather?city=%20%20%20'],
    ['101 characters', `/weather?city=${'x'.repeat(101)}`],
    ['a control character', '/weather?city=Dub%00lin'],
    ['a newline', '/weather?city=Dub%0Alin'],
    ['city given twice', '/weather?city=Dublin&city=Paris'],
  ])('%s → 400 with a JSON error, and nothing sent upstream', async ([, url], { client, upstream }) => {
    const response = await client.get(url);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: expect.stringContaining('city') });
    expect(upstream.sent).toEqual([]);
  });

  describe('every upstream failure is a 503 with a JSON error, never a 500', () => {
    // The seed's table, plus the failures the seed leaves out.
    test.for<[string, () => ReturnType<typeof openWeatherMap.status>]>([
      ['401 bad key', () => openWeatherMap.status(401, INVALID_KEY_BODY)],
      ['404 unknown city', () => openWeatherMap.status(404, { cod: '404', message: 'city not found' })],
      ['429 rate limited', () => openWeatherMap.status(429)],
      ['500 upstream error', () => openWeatherMap.status(500)],
      ['503 upstream outage', () => openWeatherMap.status(503)],
      ['418 any other non-2xx', () => openWeatherMap.status(418)],
      ['204 with no body', () => openWeatherMap.status(204, null)],
      ['network error', () => openWeatherMap.networkError()],
      ['a body that is not JSON', () => openWeatherMap.text('Service Unavailable')],
      ['an empty body', () => openWeatherMap.text('')],
      ['JSON without main.temp', () => openWeatherMap.body({ name: 'Dublin', weather: [{ description: 'x' }] })],
      ['JSON without weather[0]', () => openWeatherMap.body({ name: 'Dublin', main: { temp: 1 }, weather: [] })],
      ['JSON null', () => openWeatherMap.body(null)],
      [
        'a body over 1 MB',
        () => openWeatherMap.body({ ...currentWeatherBody(CANNED_CITIES[0]!), pad: 'x'.repeat(MAX_BODY_BYTES) }),
      ],
      [
        'a temperature of 1e17',
        () => openWeatherMap.body({ name: 'Dublin', main: { temp: 1e17 }, weather: [{ description: 'x' }] }),
      ],
      [
        'humidity of 140 %',
        () =>
          openWeatherMap.body({ name: 'Dublin', main: { temp: 3, humidity: 140 }, weather: [{ description: 'x' }] }),
      ],
    ])('%s', async ([failure, handler], { client, upstream }) => {
      upstream.use(handler());
      const response = await client.get('/weather?city=Dublin');
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ error: 'weather service unavailable, try again later' });
      // Only the provider's 429 says when to come back (60 s when it does not say itself).
      expect(response.headers['retry-after']).toBe(failure === '429 rate limited' ? '60' : undefined);
    });

    test('timeout: a hung upstream is abandoned after WEATHER_TIMEOUT_MS, under fake time', async ({
      client,
      config,
      upstream,
    }) => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      try {
        upstream.use(openWeatherMap.hang());
        const pending = client.get('/weather?city=Dublin');
        await vi.advanceTimersByTimeAsync(config.weather.timeoutMs - 1);
        let settled = false;
        void pending.then(() => {
          settled = true;
        });
        await vi.advanceTimersByTimeAsync(0);
        expect(settled).toBe(false);
        await vi.advanceTimersByTimeAsync(1);
        await new Promise((resolve) => setImmediate(resolve)); // not faked: lets the answer go out
        expect(settled).toBe(true); // fail here, not by hanging until the test timeout
        const response = await pending;
        expect(response.statusCode).toBe(503);
        expect(response.json()).toEqual({ error: 'weather service unavailable, try again later' });
      } finally {
        vi.useRealTimers();
      }
    });
  });

  test('upstream answering for a different spelling is passed through as upstream names it', async ({ client }) => {
    const response = await client.get('/weather?city=sao%20paulo');
    expect(response.json()).toMatchObject({ city: 'São Paulo' });
  });
});
