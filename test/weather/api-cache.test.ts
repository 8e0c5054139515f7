/**
 * GET /api/weather through the weather service, under a faked Date: current
 * weather and forecast are each cached like current weather always was (TTL,
 * single flight, stale-if-error) and go through OpenWeatherMap's one breaker.
 */
import { isWeatherEntry } from '../../src/weather/service.ts';
import { describe, expect, test } from '../fixtures.ts';
import { counted } from '../support/metrics.ts';
import { lookups, openWeatherMap, openWeatherMapForecast } from '../support/openweathermap.ts';

const TTL_MS = 600_000;
const UNAVAILABLE = { error: 'weather service unavailable, try again later' };

describe('GET /api/weather through the cache', () => {
  test('one call of each kind serves a city for the TTL, whatever the units or the spelling', async ({
    client,
    clock,
    upstream,
  }) => {
    const first = await client.get('/api/weather?city=Dublin');
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('public, max-age=600');
    expect(first.headers.age).toBeUndefined();
    expect(lookups(upstream.sent).sort()).toEqual(['forecast Dublin', 'weather Dublin']);

    clock.advance(100_000);
    const again = await client.get(`/api/weather?city=${encodeURIComponent(' DUBLIN ')}&units=imperial`);
    expect(again.statusCode).toBe(200);
    expect(again.json().forecast).toHaveLength(5);
    expect(again.headers['cache-control']).toBe('public, max-age=500');
    expect(upstream.sent).toHaveLength(2); // nothing more asked

    clock.advance(TTL_MS - 100_000);
    await client.get('/api/weather?city=Dublin');
    expect(upstream.sent).toHaveLength(4); // at the TTL, each kind once more
  });

  test('max-age is what is left of the part that goes stale first', async ({ client, clock, upstream }) => {
    await client.get('/weather?city=Dublin'); // current weather cached now, the forecast not yet
    clock.advance(200_000);
    const response = await client.get('/api/weather?city=Dublin');
    expect(response.headers['cache-control']).toBe('public, max-age=400');
    expect(lookups(upstream.sent)).toEqual(['weather Dublin', 'forecast Dublin']);
  });

  test('single flight: 50 concurrent lookups of a cold city make one call of each kind, all answered', async ({
    client,
    upstream,
  }) => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => client.get(`/api/weather?city=${i % 2 ? 'Oslo' : 'oslo'}`)),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(50).fill(200));
    expect(answers.every((answer) => answer.json().forecast.length === 5)).toBe(true);
    expect(lookups(upstream.sent).sort()).toEqual(['forecast oslo', 'weather oslo']); // as the first asker spelled it
  });

  test('the pages and the API share the forecast: the home page’s lookup is a hit here', async ({
    client,
    upstream,
  }) => {
    expect((await client.get('/?city=Tokyo')).statusCode).toBe(200);
    expect((await client.get('/api/weather?city=tokyo')).statusCode).toBe(200);
    expect(lookups(upstream.sent).sort()).toEqual(['forecast Tokyo', 'weather Tokyo']);
  });

  test("both parts stale: the Age is the older part's", async ({ client, clock, upstream }) => {
    await client.get('/api/weather?city=Dublin'); // both looked up now
    clock.advance(TTL_MS + 42_000);
    upstream.use(openWeatherMapForecast.status(500));
    await client.get('/api/weather?city=Dublin'); // the weather afresh, the forecast stale
    clock.advance(TTL_MS + 42_000);
    upstream.use(openWeatherMap.status(500));
    const stale = await client.get('/api/weather?city=Dublin');
    expect(stale.statusCode).toBe(200);
    expect(stale.headers.age).toBe('1284'); // the forecast's 2 × 642 s, not the weather's 642
  });

  test('stale-if-error: past the TTL, a failing forecast is covered by the old one: 200, its Age, max-age=0', async ({
    client,
    clock,
    services,
    upstream,
  }) => {
    const fresh = await client.get('/api/weather?city=Dublin');
    clock.advance(TTL_MS + 42_000);
    upstream.use(openWeatherMapForecast.status(500));
    const stale = await client.get('/api/weather?city=Dublin');
    expect(stale.statusCode).toBe(200);
    expect(stale.json().forecast).toEqual(fresh.json().forecast);
    expect(stale.headers.age).toBe('642');
    expect(stale.headers['cache-control']).toBe('public, max-age=0');
    expect(upstream.sent).toHaveLength(4); // both were asked again; the current weather answered afresh
    expect(await counted(services.metrics.weatherCacheStale)).toBe(1);
  });

  test('a forecast with no old answer to fall back on: 200 with "forecast": [], kept nowhere', async ({
    client,
    upstream,
  }) => {
    upstream.use(openWeatherMapForecast.status(500));
    const response = await client.get('/api/weather?city=Dublin');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ city: 'Dublin', forecast: [] });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  test('a 429 from the provider: 503 with its Retry-After, then no call while the pause lasts', async ({
    client,
    upstream,
  }) => {
    upstream.use(openWeatherMap.status(429, undefined, { headers: { 'retry-after': '45' }, once: true }));
    const limited = await client.get('/api/weather?city=Dublin');
    expect(limited.statusCode).toBe(503);
    expect(limited.headers['retry-after']).toBe('45');
    const held = await client.get('/api/weather?city=Paris');
    expect(held.statusCode).toBe(503);
    expect(held.json()).toEqual(UNAVAILABLE);
    expect(held.headers['retry-after']).toBe('45');
    expect(lookups(upstream.sent).sort()).toEqual(['forecast Dublin', 'weather Dublin']);
  });
});

describe('GET /api/weather and the breaker', () => {
  test('forecast failures count towards OpenWeatherMap’s one breaker: five in a row open it', async ({
    client,
    services,
    upstream,
  }) => {
    const cities = ['Dublin', 'London', 'Paris', 'Berlin', 'Madrid'];
    for (const city of cities) await client.get(`/weather?city=${city}`); // their current weather is cached
    upstream.use(openWeatherMapForecast.status(500));
    for (const city of cities) expect((await client.get(`/api/weather?city=${city}`)).json().forecast).toEqual([]);
    expect(lookups(upstream.sent).filter((lookup) => lookup.startsWith('forecast'))).toHaveLength(5);
    const sent = upstream.sent.length;

    const refused = await client.get('/api/weather?city=Tokyo');
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('30');
    expect(upstream.sent).toHaveLength(sent);
    const requests = (outcome: string) =>
      counted(services.metrics.upstreamRequests, { upstream: 'openweathermap', outcome });
    expect(await requests('error')).toBe(5);
    expect(await requests('breaker_open')).toBe(2); // Tokyo's current weather and forecast, both refused
  });

  test('five failures open it: a cold city is 503 with the breaker’s Retry-After and no call, cached ones still answer', async ({
    client,
    clock,
    upstream,
  }) => {
    await client.get('/api/weather?city=Tokyo'); // cached before the outage
    upstream.use(openWeatherMap.status(500), openWeatherMapForecast.status(500));
    // Each lookup fails twice (current weather and forecast): the fifth failure comes with the third city.
    for (const city of ['Dublin', 'London', 'Paris']) {
      expect((await client.get(`/api/weather?city=${city}`)).statusCode).toBe(503);
    }
    const sent = upstream.sent.length;

    const refused = await client.get('/api/weather?city=Sydney');
    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toEqual(UNAVAILABLE);
    expect(refused.headers['retry-after']).toBe('30');
    clock.advance(12_500);
    expect((await client.get('/api/weather?city=Sydney')).headers['retry-after']).toBe('18');
    const cached = await client.get('/api/weather?city=Tokyo');
    expect(cached.statusCode).toBe(200);
    expect(cached.json().forecast).toHaveLength(5);
    expect(upstream.sent).toHaveLength(sent); // nothing asked while it is open
  });
});

describe('isWeatherEntry: what a shared store (Redis) may hand back', () => {
  const forecast = {
    city: 'Dublin',
    country: 'IE',
    utc_offset_s: 0,
    days: [{ date: '2026-11-28', min: 4.5, max: 9.4, description: 'broken clouds', icon: '04d', pop: 0.1 }],
  };
  const weather = {
    city: 'Dublin',
    country: 'IE',
    temp_c: 11.5,
    feels_like_c: null,
    humidity: 82,
    wind_ms: 5.66,
    description: 'broken clouds',
    icon: '04d',
    observed_at: null,
    utc_offset_s: 0,
  };
  const day = forecast.days[0]!;

  test.for<[string, unknown, string, boolean]>([
    ['a forecast under its own key', { storedAt: 1, value: forecast }, 'forecast:dublin', true],
    ['current weather under its own key', { storedAt: 1, value: weather }, 'current:dublin', true],
    ['a remembered "not found" forecast', { storedAt: 1, notFound: true }, 'forecast:atlantis', true],
    ['current weather under a forecast key', { storedAt: 1, value: weather }, 'forecast:dublin', false],
    ['a forecast under a current-weather key', { storedAt: 1, value: forecast }, 'current:dublin', false],
    [
      'a forecast with an implausible high',
      { storedAt: 1, value: { ...forecast, days: [{ ...day, max: 1e17 }] } },
      'forecast:dublin',
      false,
    ],
    [
      'a forecast with a chance of rain over 1',
      { storedAt: 1, value: { ...forecast, days: [{ ...day, pop: 2 }] } },
      'forecast:dublin',
      false,
    ],
    [
      'a forecast of six days',
      { storedAt: 1, value: { ...forecast, days: Array(6).fill(day) } },
      'forecast:dublin',
      false,
    ],
    ['a forecast without days', { storedAt: 1, value: { ...forecast, days: undefined } }, 'forecast:dublin', false],
  ])('%s → %s', ([, value, key, expected]) => {
    expect(isWeatherEntry(value, key)).toBe(expected);
  });
});
