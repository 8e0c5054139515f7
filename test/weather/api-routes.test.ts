import { HttpResponse, http } from 'msw';
import { Value } from 'typebox/value';
import { INVALID_KEY_BODY } from '../../src/demo/openweathermap-data.ts';
import { DEFAULT_RETRY_AFTER_S } from '../../src/http/provider-guard.ts';
import { ApiWeatherBody, apiWeather, RETRY_AFTER_S } from '../../src/weather/api-routes.ts';
import { describe, expect, test, vi } from '../fixtures.ts';
import { settlesAt } from '../support/deadline.ts';
import { OWM_FORECAST_URL, OWM_URL, openWeatherMap, openWeatherMapForecast } from '../support/openweathermap.ts';

/** A forecast body in the provider's shape whose numbers are easy to convert by hand (UTC city, two days). */
function forecastOf(temps: number[]) {
  return {
    cod: '200',
    list: temps.map((temp, i) => ({
      dt: Date.parse('2026-11-28T00:00:00Z') / 1000 + i * 6 * 3600, // 00:00, 06:00, 12:00, 18:00, then the next day
      main: { temp },
      weather: [{ description: `entry ${i}`, icon: `0${i}d` }],
      pop: i / 10,
    })),
    city: { name: 'Dublin', country: 'IE', timezone: 0 },
  };
}

describe('GET /api/weather', () => {
  test('answers the current weather and five days of forecast, public: no sign-in, no cookie', async ({ client }) => {
    const response = await client.get('/api/weather?city=Dublin');
    expect(response.statusCode).toBe(200);
    expect(response.headers['set-cookie']).toBeUndefined();
    const body = response.json();
    expect(Value.Check(ApiWeatherBody, body)).toBe(true);
    expect(body).toMatchObject({
      city: 'Dublin',
      country: 'IE',
      units: 'metric',
      current: {
        temp: 11.5,
        feels_like: 10.9,
        humidity: 82,
        wind: 5.66,
        description: 'broken clouds',
        icon: '04d',
        observed_at: '2026-11-27T12:00:00.000Z',
      },
    });
    // The canned forecast starts at 15:00 UTC on the 27th: Dublin's first day is the rest of that day.
    expect(body.forecast.map((day: { date: string }) => day.date)).toEqual([
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
    ]);
  });

  test('asks the provider for the trimmed city, current and forecast, always in metric', async ({
    client,
    upstream,
  }) => {
    await client.get(`/api/weather?city=${encodeURIComponent('  New York ')}&units=imperial`);
    const asked = upstream.sent.map((request) => new URL(request.url));
    expect(asked.map((url) => url.pathname).sort()).toEqual(['/data/2.5/forecast', '/data/2.5/weather']);
    for (const url of asked) {
      expect(Object.fromEntries(url.searchParams)).toEqual({ q: 'New York', appid: 'test_key', units: 'metric' });
    }
  });

  test('asks for current weather and forecast at once, not one after the other', async ({ client, upstream }) => {
    let forecastAsked = false;
    upstream.use(
      http.get(OWM_FORECAST_URL, async () => {
        forecastAsked = true;
        return HttpResponse.json(forecastOf([10]));
      }),
      // Current weather answers only once the forecast has been asked for: in turn, it would give up first.
      http.get(OWM_URL, async () => {
        for (let tick = 0; tick < 100 && !forecastAsked; tick++) await new Promise((resolve) => setImmediate(resolve));
        return forecastAsked ? undefined : HttpResponse.json({ cod: 500 }, { status: 500 });
      }),
    );
    const response = await client.get('/api/weather?city=Dublin');
    expect(response.statusCode).toBe(200);
  });

  describe('units: numbers converted from the provider’s metric, to two decimals', () => {
    // current: 11.5 °C, feels like 10.9 °C, wind 5.66 m/s (canned Dublin); forecast: the temperatures below.
    test.for<[string, string, object, [number, number][]]>([
      [
        'no units',
        '',
        { temp: 11.5, feels_like: 10.9, wind: 5.66 },
        [
          [-40, 21.3],
          [0, 0],
        ],
      ],
      [
        'metric',
        '&units=metric',
        { temp: 11.5, feels_like: 10.9, wind: 5.66 },
        [
          [-40, 21.3],
          [0, 0],
        ],
      ],
      [
        'imperial',
        '&units=imperial',
        { temp: 52.7, feels_like: 51.62, wind: 12.66 },
        [
          [-40, 70.34],
          [32, 32],
        ],
      ],
    ])('%s', async ([, query, current, minMax], { client, upstream }) => {
      upstream.use(openWeatherMapForecast.body(forecastOf([21.3, -40, 5.55, 0, 0])));
      const response = await client.get(`/api/weather?city=Dublin${query}`);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.units).toBe(query.includes('imperial') ? 'imperial' : 'metric');
      expect(body.current).toMatchObject({ ...current, humidity: 82 });
      expect(body.forecast).toEqual([
        { date: '2026-11-28', min: minMax[0]![0], max: minMax[0]![1], description: 'entry 2', icon: '02d', pop: 0.3 },
        { date: '2026-11-29', min: minMax[1]![0], max: minMax[1]![1], description: 'entry 4', icon: '04d', pop: 0.4 },
      ]);
    });

    test('whatever the units, missing values stay null', async ({ client, upstream }) => {
      upstream.use(openWeatherMap.body({ name: 'Dublin', main: { temp: 3 }, weather: [{ description: 'fog' }] }));
      const response = await client.get('/api/weather?city=Dublin&units=imperial');
      expect(response.json()).toMatchObject({
        country: null,
        current: {
          temp: 37.4,
          feels_like: null,
          humidity: null,
          wind: null,
          description: 'fog',
          icon: null,
          observed_at: null,
        },
      });
    });

    test('a reading that rounds to zero is 0, never -0', () => {
      const weather = {
        city: 'Oslo',
        country: 'NO',
        temp_c: -0.001,
        feels_like_c: -0.004,
        humidity: null,
        wind_ms: 0,
        description: 'fog',
        icon: null,
        observed_at: null,
        utc_offset_s: 3600,
      };
      const answer = apiWeather(weather, [], 'metric');
      expect(Object.is(answer.current.temp, 0)).toBe(true);
      expect(Object.is(answer.current.feels_like, 0)).toBe(true);
    });
  });

  test.for<[string, string, string]>([
    [
      'units=kelvin',
      '?city=Dublin&units=kelvin',
      'units must be equal to one of the allowed values (metric, imperial)',
    ],
    ['units in capitals', '?city=Dublin&units=METRIC', 'units'],
    ['empty units', '?city=Dublin&units=', 'units'],
    ['units given twice', '?city=Dublin&units=metric&units=imperial', 'units'],
    ['units given twice alike', '?city=Dublin&units=metric&units=metric', 'units'],
    ['no city', '', 'city is required'],
    ['no city, with units', '?units=metric', 'city is required'],
    ['an empty city', '?city=', 'city must not be empty'],
    ['only spaces', '?city=%20%20%20', 'city must not be empty'],
    ['101 characters', `?city=${'x'.repeat(101)}`, 'city must be at most 100 characters'],
    ['a huge city (8,000 characters)', `?city=${'x'.repeat(8000)}`, 'city must be at most 100 characters'],
    ['a NUL', '?city=Dub%00lin', 'city must not contain control characters'],
    ['a newline', '?city=Dub%0Alin', 'city must not contain control characters'],
    ['an escape', '?city=Dub%1B%5B31mlin', 'city must not contain control characters'],
    ['a DEL', '?city=Dub%7Flin', 'city must not contain control characters'],
    ['city given twice', '?city=Dublin&city=Paris', 'city'],
  ])('%s → 400 with a JSON error, and nothing sent upstream', async ([, query, message], { client, upstream }) => {
    const response = await client.get(`/api/weather${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({ error: expect.stringContaining(message) });
    expect(upstream.sent).toEqual([]);
  });

  test('an unknown city is 404 {"error": "city not found"}', async ({ client }) => {
    const response = await client.get('/api/weather?city=Atlantis');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'city not found' });
  });

  describe('the provider failing on current weather is 503 with Retry-After, never a 500', () => {
    test.for<[string, () => ReturnType<typeof openWeatherMap.status>, number]>([
      ['401 bad key', () => openWeatherMap.status(401, INVALID_KEY_BODY), RETRY_AFTER_S],
      [
        '429 rate limited, with Retry-After',
        () => openWeatherMap.status(429, undefined, { headers: { 'retry-after': '17' } }),
        17,
      ],
      ['429 rate limited, without (60 s)', () => openWeatherMap.status(429), DEFAULT_RETRY_AFTER_S],
      ['500 upstream error', () => openWeatherMap.status(500), RETRY_AFTER_S],
      ['503 upstream outage', () => openWeatherMap.status(503), RETRY_AFTER_S],
      ['network error', () => openWeatherMap.networkError(), RETRY_AFTER_S],
      ['a body that is not JSON', () => openWeatherMap.text('Service Unavailable'), RETRY_AFTER_S],
      [
        'JSON without main.temp',
        () => openWeatherMap.body({ name: 'Dublin', weather: [{ description: 'x' }] }),
        RETRY_AFTER_S,
      ],
    ])('%s', async ([, handler, retryAfter], { client, upstream }) => {
      upstream.use(handler());
      const response = await client.get('/api/weather?city=Dublin');
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe(String(retryAfter));
      expect(response.json()).toEqual({ error: 'weather service unavailable, try again later' });
    });

    test('a hung provider is abandoned after WEATHER_TIMEOUT_MS, under fake time', async ({
      client,
      config,
      upstream,
    }) => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      try {
        upstream.use(openWeatherMap.hang(), openWeatherMapForecast.hang());
        const response = await settlesAt(client.get('/api/weather?city=Dublin'), config.weather.timeoutMs);
        expect(response.statusCode).toBe(503);
        expect(response.headers['retry-after']).toBe(String(RETRY_AFTER_S));
      } finally {
        vi.useRealTimers();
      }
    });
  });

  describe('the forecast failing alone: 200 with the current weather and an empty forecast', () => {
    test.for<[string, () => ReturnType<typeof openWeatherMapForecast.status>]>([
      ['500', () => openWeatherMapForecast.status(500)],
      ['404 (the two endpoints disagree)', () => openWeatherMapForecast.status(404, { cod: '404' })],
      ['network error', () => openWeatherMapForecast.networkError()],
      ['an implausible body', () => openWeatherMapForecast.body(forecastOf([1e17]))],
    ])('%s', async ([, handler], { client, upstream }) => {
      upstream.use(handler());
      const response = await client.get('/api/weather?city=Dublin');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ city: 'Dublin', current: { temp: 11.5 }, forecast: [] });
    });
  });

  test('current weather failing decides, whatever the forecast did', async ({ client, upstream }) => {
    upstream.use(openWeatherMap.status(404, { cod: '404', message: 'city not found' }));
    expect((await client.get('/api/weather?city=Dublin')).statusCode).toBe(404);
  });
});
