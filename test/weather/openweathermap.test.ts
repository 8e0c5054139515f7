import {
  CANNED_CITIES,
  currentWeatherBody,
  forecastBody,
  INVALID_KEY_BODY,
} from '../../src/demo/openweathermap-data.js';
import { globalFetch } from '../../src/http/upstream.js';
import {
  createWeatherClient,
  parseCurrentWeather,
  WeatherError,
  weatherErrorForStatus,
} from '../../src/weather/openweathermap.js';
import { describe, expect, test, vi } from '../fixtures.js';
import { settlesAt } from '../support/deadline.js';
import { openWeatherMap, openWeatherMapForecast } from '../support/openweathermap.js';

const dublin = currentWeatherBody(CANNED_CITIES[0]!);

describe('parseCurrentWeather', () => {
  test('flattens the fields Skydeck uses', () => {
    expect(parseCurrentWeather(dublin)).toEqual({
      city: 'Dublin',
      country: 'IE',
      temp_c: 11.5,
      feels_like_c: 10.9,
      humidity: 82,
      wind_ms: 5.66,
      description: 'broken clouds',
      icon: '04d',
      observed_at: '2026-11-27T12:00:00.000Z',
      utc_offset_s: 0,
    });
  });

  test("keeps the city's offset from UTC (OpenWeatherMap's `timezone`)", () => {
    expect(parseCurrentWeather({ ...dublin, timezone: 32_400 }).utc_offset_s).toBe(32_400);
  });

  test('an offset beyond ±14 h is an unexpected body', () => {
    expect(() => parseCurrentWeather({ ...dublin, timezone: 86_400 })).toThrow(/timezone/);
  });

  test('optional fields missing upstream become null, not undefined', () => {
    const minimal = { name: 'Dublin', main: { temp: 3 }, weather: [{ description: 'fog' }] };
    expect(parseCurrentWeather(minimal)).toEqual({
      city: 'Dublin',
      country: null,
      temp_c: 3,
      feels_like_c: null,
      humidity: null,
      wind_ms: null,
      description: 'fog',
      icon: null,
      observed_at: null,
      utc_offset_s: null,
    });
  });

  test.for<[string, unknown]>([
    ['null', null],
    ['an array', []],
    ['no name', { ...dublin, name: undefined }],
    ['an empty name', { ...dublin, name: '' }],
    ['no main', { ...dublin, main: undefined }],
    ['temp as a string', { ...dublin, main: { temp: '11.5' } }],
    ['no weather', { ...dublin, weather: undefined }],
    ['an empty weather list', { ...dublin, weather: [] }],
    ['a description that is not a string', { ...dublin, weather: [{ description: 7 }] }],
  ])('a body with %s is an upstream failure', ([, body]) => {
    expect(() => parseCurrentWeather(body)).toThrow(WeatherError);
    try {
      parseCurrentWeather(body);
    } catch (error) {
      expect((error as WeatherError).failure).toBe('unavailable');
    }
  });
});

describe('weatherErrorForStatus', () => {
  test.for([
    [404, 'not_found'],
    [400, 'unavailable'],
    [401, 'unavailable'],
    [429, 'unavailable'],
    [500, 'unavailable'],
    [503, 'unavailable'],
  ] as const)('%i → %s', ([status, failure]) => {
    expect(weatherErrorForStatus(status).failure).toBe(failure);
  });
});

const client = createWeatherClient({
  apiUrl: 'https://api.openweathermap.org',
  apiKey: 'test_key',
  timeoutMs: 1000,
  fetch: globalFetch,
});

/** The client's lookups, the endpoint each asks and a 200 body of that endpoint. */
const LOOKUPS = [
  ['current', 'weather', dublin],
  ['forecast', 'forecast', forecastBody(CANNED_CITIES[0]!)],
] as const;

describe('createWeatherClient', () => {
  test.for(LOOKUPS)(
    '%s asks /data/2.5/%s for the city in metric units with the API key, once',
    async ([lookup, endpoint], { upstream }) => {
      await client[lookup]('São Paulo');
      expect(upstream.sent).toHaveLength(1);
      const url = new URL(upstream.sent[0]!.url);
      expect(upstream.sent[0]!.method).toBe('GET');
      expect(url.origin + url.pathname).toBe(`https://api.openweathermap.org/data/2.5/${endpoint}`);
      expect(Object.fromEntries(url.searchParams)).toEqual({ q: 'São Paulo', appid: 'test_key', units: 'metric' });
    },
  );

  test.for(LOOKUPS)(
    '%s: a base URL with a path prefix is respected',
    async ([lookup, endpoint, body], { upstream }) => {
      const proxied = createWeatherClient({
        apiUrl: 'https://proxy.example/owm',
        apiKey: 'k',
        timeoutMs: 1000,
        fetch: globalFetch,
      });
      upstream.use(openWeatherMap.bodyAt(`https://proxy.example/owm/data/2.5/${endpoint}`, body));
      await expect(proxied[lookup]('Dublin')).resolves.toMatchObject({ city: 'Dublin' });
    },
  );

  test('an unknown city is not_found', async () => {
    await expect(client.current('Atlantis')).rejects.toMatchObject({ failure: 'not_found' });
  });

  test('a 2xx that is not JSON is unavailable, and the key is not in the message', async ({ upstream }) => {
    upstream.use(openWeatherMap.text('<html>maintenance</html>'));
    const error = await client.current('Dublin').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ failure: 'unavailable' });
    expect((error as Error).message).toContain('appid=[redacted]');
    expect((error as Error).message).not.toContain('test_key');
  });
});

describe('createWeatherClient: the forecast', () => {
  test("answers the city's days, as the provider names it", async () => {
    const forecast = await client.forecast('tokyo');
    expect(forecast).toMatchObject({ city: 'Tokyo', country: 'JP', utc_offset_s: 32_400 });
    // The canned forecast starts 2026-11-27T15:00Z: midnight in Tokyo.
    expect(forecast.days.map((day) => day.date)).toEqual([
      '2026-11-28',
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ]);
  });

  test.for<[string, () => ReturnType<typeof openWeatherMapForecast.status>, 'not_found' | 'unavailable']>([
    [
      '404 unknown city',
      () => openWeatherMapForecast.status(404, { cod: '404', message: 'city not found' }),
      'not_found',
    ],
    ['401 bad key', () => openWeatherMapForecast.status(401, INVALID_KEY_BODY), 'unavailable'],
    ['429 rate limited', () => openWeatherMapForecast.status(429), 'unavailable'],
    ['500 upstream error', () => openWeatherMapForecast.status(500), 'unavailable'],
    ['network error', () => openWeatherMapForecast.networkError(), 'unavailable'],
    ['a body that is not JSON', () => openWeatherMapForecast.text('<html>maintenance</html>'), 'unavailable'],
    ['an implausible temperature', () => openWeatherMapForecast.body(hotter(1e17)), 'unavailable'],
  ])('%s → %s, and the key is never in the message', async ([, handler, failure], { upstream }) => {
    upstream.use(handler());
    const error = await client.forecast('Dublin').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WeatherError);
    expect(error).toMatchObject({ failure });
    expect((error as Error).message).not.toContain('test_key');
  });

  test('a hung forecast is abandoned at the deadline, under fake time', async ({ upstream }) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      upstream.use(openWeatherMapForecast.hang());
      const error = await settlesAt(
        client.forecast('Dublin').catch((caught: unknown) => caught),
        1000,
      );
      expect(error).toMatchObject({ failure: 'unavailable', message: expect.stringContaining('timed out') });
    } finally {
      vi.useRealTimers();
    }
  });
});

/** Dublin's canned forecast with its first entry at `temp` °C. */
function hotter(temp: number) {
  const body = forecastBody(CANNED_CITIES[0]!);
  const [first, ...rest] = body.list;
  return { ...body, list: [{ ...first!, main: { ...first!.main, temp } }, ...rest] };
}
