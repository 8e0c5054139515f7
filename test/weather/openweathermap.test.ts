import {
  CANNED_CITIES,
  currentWeatherBody,
  forecastBody,
  INVALID_KEY_BODY,
} from '../../src/demo/openweathermap-data.ts';
import type { Verdict } from '../../src/http/provider-guard.ts';
import { globalFetch, UpstreamError } from '../../src/http/upstream.ts';
import {
  createWeatherClient,
  judgeWeatherError,
  parseCurrentWeather,
  WeatherError,
  weatherErrorForStatus,
  weatherRefusal,
} from '../../src/weather/openweathermap.ts';
import { describe, expect, test, vi } from '../fixtures.ts';
import { settlesAt } from '../support/deadline.ts';
import { openWeatherMap, openWeatherMapForecast } from '../support/openweathermap.ts';

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

  test('the edges of plausible are values: -100 and 70 °C, humidity 0 and 100, no wind', () => {
    const at = (temp: number, humidity: number) =>
      parseCurrentWeather({ ...dublin, main: { temp, feels_like: temp, humidity }, wind: { speed: 0 } });
    expect(at(-100, 0)).toMatchObject({ temp_c: -100, humidity: 0, wind_ms: 0 });
    expect(at(70, 100)).toMatchObject({ temp_c: 70, humidity: 100 });
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

  test.for<[string, unknown, string]>([
    ['null', null, '/: must be object'],
    ['an array', [], '/: must be object'],
    ['no name', { ...dublin, name: undefined }, '/name: must be string'],
    ['an empty name', { ...dublin, name: '' }, '/name: must not have fewer than 1 characters'],
    ['no main', { ...dublin, main: undefined }, '/main: must be object'],
    ['temp as a string', { ...dublin, main: { temp: '11.5' } }, '/main/temp: must be number'],
    ['no weather', { ...dublin, weather: undefined }, '/weather: must be array'],
    ['an empty weather list', { ...dublin, weather: [] }, '/weather: must not have fewer than 1 items'],
    [
      'a description that is not a string',
      { ...dublin, weather: [{ description: 7 }] },
      '/weather/0/description: must be string',
    ],
    // Implausible readings are unusable, not values (a 1e17 temperature once took the process down).
    ['a temperature of 1e17', { ...dublin, main: { ...dublin.main, temp: 1e17 } }, '/main/temp: must be <= 70'],
    ['a temperature of 70.1 °C', { ...dublin, main: { ...dublin.main, temp: 70.1 } }, '/main/temp: must be <= 70'],
    [
      'a temperature of -100.1 °C',
      { ...dublin, main: { ...dublin.main, temp: -100.1 } },
      '/main/temp: must be >= -100',
    ],
    [
      'a feels-like of 500 °C',
      { ...dublin, main: { ...dublin.main, feels_like: 500 } },
      '/main/feels_like: must be <= 70',
    ],
    ['humidity of 101 %', { ...dublin, main: { ...dublin.main, humidity: 101 } }, '/main/humidity: must be <= 100'],
    ['humidity below 0', { ...dublin, main: { ...dublin.main, humidity: -1 } }, '/main/humidity: must be >= 0'],
    ['a negative wind speed', { ...dublin, wind: { speed: -0.1 } }, '/wind/speed: must be >= 0'],
    ['a wind speed of 1e9 m/s', { ...dublin, wind: { speed: 1e9 } }, '/wind/speed: must be <= 150'],
  ])('a body with %s is an upstream failure that says where: (%s)', ([, body, where]) => {
    let error: unknown;
    try {
      parseCurrentWeather(body);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(WeatherError);
    expect((error as WeatherError).failure).toBe('unavailable');
    expect((error as WeatherError).message).toBe(`OpenWeatherMap answered an unexpected body (${where})`);
  });
});

describe('weatherErrorForStatus', () => {
  test.for([
    [404, 'not_found', 'OpenWeatherMap does not know this city'],
    [400, 'unavailable', 'OpenWeatherMap answered 400'],
    [401, 'unavailable', 'OpenWeatherMap answered 401'],
    [429, 'unavailable', 'OpenWeatherMap answered 429'],
    [500, 'unavailable', 'OpenWeatherMap answered 500'],
    [503, 'unavailable', 'OpenWeatherMap answered 503'],
  ] as const)('%i → %s: "%s"', ([status, failure, message]) => {
    expect(weatherErrorForStatus(status)).toMatchObject({ failure, message });
  });

  test('a refusal says for how long OpenWeatherMap is not being asked', () => {
    expect(weatherRefusal(30)).toMatchObject({
      failure: 'unavailable',
      retryAfterS: 30,
      message: 'OpenWeatherMap is not being asked for 30 s',
    });
  });
});

describe('judgeWeatherError: how the breaker counts a failed lookup', () => {
  test.for<[string, unknown, Verdict]>([
    ['not found', new WeatherError('not_found', 'x'), { outcome: 'not_found' }],
    ['a 429', new WeatherError('unavailable', 'x', { retryAfterS: 7 }), { outcome: 'rate_limited', retryAfterS: 7 }],
    [
      'a timeout',
      new WeatherError('unavailable', 'x', { cause: new UpstreamError('timeout', 'slow') }),
      { outcome: 'timeout' },
    ],
    [
      'a network error',
      new WeatherError('unavailable', 'x', { cause: new UpstreamError('network', 'x') }),
      { outcome: 'error' },
    ],
    ['a 500', weatherErrorForStatus(500), { outcome: 'error' }],
    ['anything else', new Error('?'), { outcome: 'error' }],
    ['not even an object', undefined, { outcome: 'error' }],
  ])('%s', ([, error, verdict]) => {
    expect(judgeWeatherError(error)).toEqual(verdict);
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
      expect(upstream.sent[0]!.headers.get('accept')).toBe('application/json');
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

  test('any 2xx with a usable body is the weather; 300 and above is not', async ({ upstream }) => {
    upstream.use(openWeatherMap.status(299, dublin));
    expect(await client.current('Dublin')).toMatchObject({ city: 'Dublin', temp_c: 11.5 });
    upstream.use(openWeatherMap.status(300, dublin));
    await expect(client.current('Dublin')).rejects.toMatchObject({ message: 'OpenWeatherMap answered 300' });
  });

  test.for([
    ['current', openWeatherMap],
    ['forecast', openWeatherMapForecast],
  ] as const)(
    '%s: a 429 is unavailable with the Retry-After it named, and judged a rate limit',
    async ([lookup, endpoint], { upstream }) => {
      upstream.use(endpoint.status(429, undefined, { headers: { 'retry-after': '17' } }));
      const error = await client[lookup]('Dublin').catch((caught: unknown) => caught);
      expect(error).toMatchObject({
        failure: 'unavailable',
        retryAfterS: 17,
        message: 'OpenWeatherMap answered 429 (retry after 17 s)',
      });
      expect(judgeWeatherError(error)).toEqual({ outcome: 'rate_limited', retryAfterS: 17 });
    },
  );

  test('a timeout is judged a timeout', async ({ upstream }) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      upstream.use(openWeatherMap.hang());
      const pending = client.current('Dublin').catch((caught: unknown) => caught);
      await vi.advanceTimersByTimeAsync(1000);
      expect(judgeWeatherError(await pending)).toEqual({ outcome: 'timeout' });
    } finally {
      vi.useRealTimers();
    }
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
