import { buildApp } from '../../src/app.ts';
import { CANNED_CITIES, currentWeatherBody, findCannedCity, forecastBody } from '../../src/demo/openweathermap-data.ts';
import { demoWeatherFetch } from '../../src/demo/weather-provider.ts';
import { describe, expect, test, vi } from '../fixtures.ts';
import { testConfig } from '../support/config.ts';

describe('demo mode (no WEATHER_API_KEY)', () => {
  test.override('app', async ({ db, schemaCompilers }, { onCleanup }) => {
    const app = await buildApp(testConfig({ WEATHER_API_KEY: '' }), { db, schemaCompilers });
    onCleanup(() => app.close());
    return app;
  });

  test('serves canned weather offline, marked with X-Skydeck-Demo: 1', async ({ client, upstream }) => {
    const response = await client.get('/weather?city=tokyo');
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-skydeck-demo']).toBe('1');
    expect(response.json()).toMatchObject({ city: 'Tokyo', temp_c: 15.1, description: 'broken clouds', country: 'JP' });
    expect(upstream.sent).toEqual([]); // nothing left the process
  });

  test('is deterministic: the same city gives the same numbers', async ({ client }) => {
    const first = await client.get('/weather?city=Oslo');
    const second = await client.get('/weather?city=OSLO');
    expect(first.json()).toEqual(second.json());
  });

  test('a city it does not know is upstream "not found", which /weather maps to 503', async ({ client }) => {
    const response = await client.get('/weather?city=Atlantis');
    expect(response.statusCode).toBe(503);
    expect(response.headers['x-skydeck-demo']).toBe('1');
  });

  test.for(CANNED_CITIES.map((city) => city.name))(
    'GET /api/weather answers %s with its weather and a five-day forecast, offline',
    async (name, { client, upstream }) => {
      const response = await client.get(`/api/weather?city=${encodeURIComponent(name)}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-skydeck-demo']).toBe('1');
      const body = response.json();
      expect(body).toMatchObject({ city: name, country: findCannedCity(name)!.country, units: 'metric' });
      expect(body.forecast).toHaveLength(5);
      expect(upstream.sent).toEqual([]);
    },
  );

  test('GET /api/weather for a city the demo does not know is 404', async ({ client }) => {
    const response = await client.get('/api/weather?city=Atlantis');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'city not found' });
  });

  test('every response carries the demo header, errors included', async ({ client }) => {
    expect((await client.get('/healthz')).headers['x-skydeck-demo']).toBe('1');
    expect((await client.get('/nowhere')).headers['x-skydeck-demo']).toBe('1');
  });
});

describe('the demo OpenWeatherMap', () => {
  // Frozen at 12:34:56: the reading is "taken" at the last ten-minute mark, 12:30:00.
  const NOW = Date.parse('2027-03-15T12:34:56Z');
  const OBSERVED = Date.parse('2027-03-15T12:30:00Z') / 1000;

  test.for(CANNED_CITIES.map((city) => city.name))(
    'answers %s with the canned body, observed just now',
    async (name) => {
      vi.useFakeTimers({ toFake: ['Date'], now: NOW });
      try {
        const response = await demoWeatherFetch(
          `https://api.openweathermap.org/data/2.5/weather?q=${encodeURIComponent(name)}&appid=demo&units=metric`,
        );
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual(currentWeatherBody(findCannedCity(name)!, OBSERVED));
      } finally {
        vi.useRealTimers();
      }
    },
  );

  test.for(CANNED_CITIES.map((city) => city.name))(
    'answers the forecast of %s from the next three-hour mark',
    async (name) => {
      vi.useFakeTimers({ toFake: ['Date'], now: NOW });
      try {
        const response = await demoWeatherFetch(
          `https://api.openweathermap.org/data/2.5/forecast?q=${encodeURIComponent(name)}&appid=demo&units=metric`,
        );
        expect(response.status).toBe(200);
        const body = (await response.json()) as ReturnType<typeof forecastBody>;
        expect(body).toEqual(forecastBody(findCannedCity(name)!, NOW / 1000));
        expect(body.list).toHaveLength(40);
        expect(body.list[0]!.dt_txt).toBe('2027-03-15 15:00:00');
        expect(body.list[39]!.dt_txt).toBe('2027-03-20 12:00:00');
      } finally {
        vi.useRealTimers();
      }
    },
  );

  test('a forecast slot reads the same whenever it is asked for: seeded, not random', () => {
    const dublin = findCannedCity('Dublin')!;
    const now = forecastBody(dublin, NOW / 1000).list;
    const later = forecastBody(dublin, NOW / 1000 + 9 * 3600).list; // three slots later
    expect(later.slice(0, 37)).toEqual(now.slice(3));
    // ...and the days differ from one another, as weather does.
    const noons = now.filter((entry) => entry.dt_txt.endsWith('12:00:00')).map((entry) => entry.main.temp);
    expect(new Set(noons).size).toBe(noons.length);
  });

  test("answers 404 with OpenWeatherMap's body for an unknown city or path", async () => {
    const unknown = await demoWeatherFetch(new Request('https://api.openweathermap.org/data/2.5/weather?q=Atlantis'));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ cod: '404', message: 'city not found' });
    expect((await demoWeatherFetch('https://api.openweathermap.org/data/3.0/onecall')).status).toBe(404);
    expect((await demoWeatherFetch('https://api.openweathermap.org/data/2.5/toString?q=Dublin')).status).toBe(404);
    const forecast = await demoWeatherFetch('https://api.openweathermap.org/data/2.5/forecast?q=Atlantis');
    expect(forecast.status).toBe(404);
    expect(await forecast.json()).toEqual({ cod: '404', message: 'city not found' });
  });

  test('matches names without regard to case or accents', () => {
    expect(findCannedCity('sao paulo')?.name).toBe('São Paulo');
    expect(findCannedCity('  DUBLIN ')?.name).toBe('Dublin');
    expect(findCannedCity('Dublin, IE')).toBeUndefined();
  });
});
