/**
 * The weather cache as clients meet it (issue 7 §2), under a faked Date: one
 * provider answer serves every asker for WEATHER_CACHE_TTL_S, concurrent
 * lookups share one request, an old answer covers a failing provider for
 * WEATHER_STALE_S, and "city not found" is remembered for 10 minutes.
 */
import { describe, expect, test } from '../fixtures.ts';
import { testConfig } from '../support/config.ts';
import { counted } from '../support/metrics.ts';
import { lookups, openWeatherMap } from '../support/openweathermap.ts';

const TTL_MS = 600_000;
const STALE_MS = 3_600_000;
const UNAVAILABLE = { error: 'weather service unavailable, try again later' };

const queries = (sent: Request[]) => sent.map((request) => new URL(request.url).searchParams.get('q'));

describe('GET /weather through the cache', () => {
  test('one provider call serves a city for the TTL, however its name is spaced or cased', async ({
    client,
    clock,
    upstream,
  }) => {
    const first = await client.get('/weather?city=Dublin');
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('public, max-age=600');
    expect(first.headers.age).toBeUndefined();

    clock.advance(100_000);
    const again = await client.get(`/weather?city=${encodeURIComponent(' dublin ')}`);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['cache-control']).toBe('public, max-age=500'); // what is left of the TTL
    expect(again.headers.age).toBeUndefined();

    expect((await client.get('/weather?city=DUBLIN')).statusCode).toBe(200);
    expect(queries(upstream.sent)).toEqual(['Dublin']);
  });

  test('Unicode spellings that are the same text (NFC) share an entry', async ({ client, upstream }) => {
    const composed = 'S\u00e3o Paulo';
    const decomposed = 'Sa\u0303o Paulo';
    expect((await client.get(`/weather?city=${encodeURIComponent(composed)}`)).statusCode).toBe(200);
    expect((await client.get(`/weather?city=${encodeURIComponent(decomposed)}`)).json()).toMatchObject({
      city: 'São Paulo',
    });
    expect(upstream.sent).toHaveLength(1);
  });

  test('different cities are different entries', async ({ client, upstream }) => {
    await client.get('/weather?city=Dublin');
    await client.get('/weather?city=Tokyo');
    expect(queries(upstream.sent)).toEqual(['Dublin', 'Tokyo']);
  });

  test('the answer is fresh until the TTL, and the provider is asked again at the TTL', async ({
    client,
    clock,
    upstream,
  }) => {
    await client.get('/weather?city=Dublin');
    clock.advance(TTL_MS - 1);
    expect((await client.get('/weather?city=Dublin')).headers['cache-control']).toBe('public, max-age=0');
    expect(upstream.sent).toHaveLength(1);

    clock.advance(1);
    const refreshed = await client.get('/weather?city=Dublin');
    expect(refreshed.headers['cache-control']).toBe('public, max-age=600');
    expect(upstream.sent).toHaveLength(2);
  });

  describe('stale-if-error', () => {
    test('past the TTL, a failing provider is covered by the old answer: 200 with its Age, max-age=0', async ({
      client,
      clock,
      upstream,
      services,
    }) => {
      const fresh = await client.get('/weather?city=Dublin');
      clock.advance(TTL_MS + 42_000);
      upstream.use(openWeatherMap.status(500));

      const stale = await client.get('/weather?city=Dublin');
      expect(stale.statusCode).toBe(200);
      expect(stale.json()).toEqual(fresh.json());
      expect(stale.headers.age).toBe('642');
      expect(stale.headers['cache-control']).toBe('public, max-age=0');
      expect(upstream.sent).toHaveLength(2); // it did ask
      expect(await counted(services.metrics.weatherCacheStale)).toBe(1);
    });

    test.for<[string, () => ReturnType<typeof openWeatherMap.status>]>([
      ['a 503', () => openWeatherMap.status(503)],
      ['a network error', () => openWeatherMap.networkError()],
      ['a body that is not JSON', () => openWeatherMap.text('<html>')],
      [
        'an implausible temperature',
        () => openWeatherMap.body({ name: 'Dublin', main: { temp: 1e17 }, weather: [{ description: 'x' }] }),
      ],
    ])('covers %s', async ([, failure], { client, clock, upstream }) => {
      await client.get('/weather?city=Dublin');
      clock.advance(TTL_MS);
      upstream.use(failure());
      const response = await client.get('/weather?city=Dublin');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ city: 'Dublin', temp_c: 11.5 });
    });

    test('never older than TTL + WEATHER_STALE_S: 1 ms before, stale; at it, 503', async ({
      client,
      clock,
      upstream,
    }) => {
      await client.get('/weather?city=Dublin');
      upstream.use(openWeatherMap.status(500));
      clock.advance(TTL_MS + STALE_MS - 1);
      const last = await client.get('/weather?city=Dublin');
      expect(last.statusCode).toBe(200);
      expect(last.headers.age).toBe('4199');

      clock.advance(1);
      const expired = await client.get('/weather?city=Dublin');
      expect(expired.statusCode).toBe(503);
      expect(expired.json()).toEqual(UNAVAILABLE);
    });

    test('a provider that works again replaces the stale answer', async ({ client, clock, upstream }) => {
      await client.get('/weather?city=Dublin');
      clock.advance(TTL_MS);
      upstream.use(openWeatherMap.status(500, undefined, { once: true }));
      expect((await client.get('/weather?city=Dublin')).headers.age).toBe('600');
      const fresh = await client.get('/weather?city=Dublin');
      expect(fresh.headers.age).toBeUndefined();
      expect(fresh.headers['cache-control']).toBe('public, max-age=600');
    });

    test('a cold city with the provider failing is still 503', async ({ client, upstream }) => {
      upstream.use(openWeatherMap.status(500));
      const response = await client.get('/weather?city=Dublin');
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual(UNAVAILABLE);
      expect(response.headers['cache-control']).toBeUndefined();
    });
  });

  describe('"city not found" is remembered for 10 minutes', () => {
    test('on /weather (503, the seed contract) and on the home page (404), without asking again', async ({
      client,
      clock,
      upstream,
    }) => {
      expect((await client.get('/weather?city=Atlantis')).statusCode).toBe(503);
      clock.advance(10 * 60_000 - 1);
      expect((await client.get('/weather?city=atlantis')).statusCode).toBe(503);
      expect((await client.get('/?city=Atlantis')).statusCode).toBe(404);
      // The home page asks for the forecast too, which is its own "not found", remembered as well.
      expect(lookups(upstream.sent)).toEqual(['weather Atlantis', 'forecast Atlantis']);

      clock.advance(1);
      expect((await client.get('/?city=Atlantis')).statusCode).toBe(404);
      expect(lookups(upstream.sent)).toEqual(['weather Atlantis', 'forecast Atlantis', 'weather Atlantis']);
    });

    test('a remembered "not found" says so, for whoever reads the error', async ({ services, upstream }) => {
      const first = 'OpenWeatherMap does not know this city';
      await expect(services.weather.current('Atlantis')).rejects.toMatchObject({
        failure: 'not_found',
        message: first,
      });
      await expect(services.weather.current('Atlantis')).rejects.toMatchObject({
        failure: 'not_found',
        message: `${first} (remembered)`,
      });
      expect(upstream.sent).toHaveLength(1);
    });
  });

  test('single flight: 50 concurrent lookups of a cold city make one provider call, and all are answered', async ({
    client,
    upstream,
  }) => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => client.get(`/weather?city=${i % 2 ? 'Oslo' : 'oslo'}`)),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(50).fill(200));
    expect(upstream.sent).toHaveLength(1);
  });

  test('single flight on failure: concurrent lookups share the one failed call', async ({ client, upstream }) => {
    upstream.use(openWeatherMap.status(500));
    const answers = await Promise.all(Array.from({ length: 10 }, () => client.get('/weather?city=Oslo')));
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(10).fill(503));
    expect(upstream.sent).toHaveLength(1);
  });

  test('every asker shares the entry: the home page, /weather and saving a city', async ({
    authenticatedClient,
    upstream,
  }) => {
    expect((await authenticatedClient.get('/?city=Tokyo')).statusCode).toBe(200);
    expect((await authenticatedClient.get('/weather?city=tokyo')).statusCode).toBe(200);
    expect((await authenticatedClient.post('/api/cities', { json: { name: 'TOKYO' } })).statusCode).toBe(201);
    expect(lookups(upstream.sent).sort()).toEqual(['forecast Tokyo', 'weather Tokyo']); // the home page's two
  });

  test('hits and misses are counted', async ({ client, services }) => {
    await client.get('/weather?city=Dublin');
    await client.get('/weather?city=Dublin');
    await client.get('/weather?city=Dublin');
    expect(await counted(services.metrics.weatherCacheMisses)).toBe(1);
    expect(await counted(services.metrics.weatherCacheHits)).toBe(2);
    expect(await counted(services.metrics.weatherCacheStale)).toBe(0);
  });
});

describe('with WEATHER_CACHE_TTL_S=60 and WEATHER_STALE_S=0', () => {
  test.override('config', () => testConfig({ WEATHER_CACHE_TTL_S: '60', WEATHER_STALE_S: '0' }));

  test('the TTL is a minute, and nothing is served stale', async ({ client, clock, upstream }) => {
    expect((await client.get('/weather?city=Dublin')).headers['cache-control']).toBe('public, max-age=60');
    clock.advance(60_000);
    upstream.use(openWeatherMap.status(500));
    expect((await client.get('/weather?city=Dublin')).statusCode).toBe(503);
    expect(upstream.sent).toHaveLength(2);
  });
});
