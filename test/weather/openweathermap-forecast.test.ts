import { CANNED_CITIES, forecastBody } from '../../src/demo/openweathermap-data.ts';
import type { ForecastDay } from '../../src/weather/forecast.ts';
import { parseForecast, WeatherError } from '../../src/weather/openweathermap.ts';
import {
  dailyForecast,
  type ForecastEntry,
  localDate,
  MAX_FORECAST_ENTRIES,
} from '../../src/weather/openweathermap-forecast.ts';
import { describe, expect, test } from '../fixtures.ts';

/** A three-hourly entry at a UTC time; the description names its local time, to show which one a day took. */
function at(utc: string, temp: number, pop = 0, description = utc): ForecastEntry {
  return { dt: Date.parse(utc) / 1000, temp, pop, description, icon: `icon ${description}` };
}

const day = (date: string, min: number, max: number, pop: number, noon: string): ForecastDay => ({
  date,
  min,
  max,
  pop,
  description: noon,
  icon: `icon ${noon}`,
});

describe('dailyForecast: one entry per day in the city’s own time zone', () => {
  test.for<[string, number, ForecastEntry[], ForecastDay[]]>([
    [
      'UTC (Dublin): days are UTC days',
      0,
      [
        at('2026-11-27T18:00:00Z', 9, 0.1, 'Fri 18:00'),
        at('2026-11-27T21:00:00Z', 8, 0.3, 'Fri 21:00'),
        at('2026-11-28T00:00:00Z', 7, 0, 'Sat 00:00'),
        at('2026-11-28T12:00:00Z', 12, 0.5, 'Sat 12:00'),
        at('2026-11-28T15:00:00Z', 13, 0.2, 'Sat 15:00'),
      ],
      [day('2026-11-27', 8, 9, 0.3, 'Fri 18:00'), day('2026-11-28', 7, 13, 0.5, 'Sat 12:00')],
    ],
    [
      '+9 h (Tokyo): 15:00 UTC is already tomorrow',
      32_400,
      [
        at('2026-11-27T09:00:00Z', 14, 0.2, 'Fri 18:00'),
        at('2026-11-27T12:00:00Z', 12, 0.4, 'Fri 21:00'),
        at('2026-11-27T15:00:00Z', 10, 0.1, 'Sat 00:00'),
        at('2026-11-28T00:00:00Z', 13, 0, 'Sat 09:00'),
        at('2026-11-28T03:00:00Z', 18, 0, 'Sat 12:00'),
        at('2026-11-28T12:00:00Z', 11, 0.7, 'Sat 21:00'),
        at('2026-11-28T15:00:00Z', 9, 0.9, 'Sun 00:00'),
      ],
      [
        day('2026-11-27', 12, 14, 0.4, 'Fri 18:00'),
        day('2026-11-28', 10, 18, 0.7, 'Sat 12:00'),
        day('2026-11-29', 9, 9, 0.9, 'Sun 00:00'),
      ],
    ],
    [
      '-5 h (New York): 03:00 UTC is still yesterday',
      -18_000,
      [
        at('2026-11-28T00:00:00Z', 6, 0.5, 'Fri 19:00'),
        at('2026-11-28T03:00:00Z', 4, 0.6, 'Fri 22:00'),
        at('2026-11-28T06:00:00Z', 3, 0, 'Sat 01:00'),
        at('2026-11-28T15:00:00Z', 10, 0.2, 'Sat 10:00'),
        at('2026-11-28T18:00:00Z', 11, 0.1, 'Sat 13:00'),
      ],
      [day('2026-11-27', 4, 6, 0.6, 'Fri 19:00'), day('2026-11-28', 3, 11, 0.2, 'Sat 13:00')],
    ],
    [
      '-12 h (Baker Island): midday UTC is midnight',
      -43_200,
      [
        at('2026-11-28T09:00:00Z', 25, 0, 'Fri 21:00'),
        at('2026-11-28T12:00:00Z', 24, 0, 'Sat 00:00'),
        at('2026-11-29T00:00:00Z', 28, 0.3, 'Sat 12:00'),
      ],
      [day('2026-11-27', 25, 25, 0, 'Fri 21:00'), day('2026-11-28', 24, 28, 0.3, 'Sat 12:00')],
    ],
    [
      '+14 h (Kiritimati): 10:00 UTC is midnight',
      50_400,
      [
        at('2026-11-27T09:00:00Z', 26, 0.1, 'Fri 23:00'),
        at('2026-11-27T12:00:00Z', 25, 0.2, 'Sat 02:00'),
        at('2026-11-27T21:00:00Z', 29, 0, 'Sat 11:00'),
      ],
      [day('2026-11-27', 26, 26, 0.1, 'Fri 23:00'), day('2026-11-28', 25, 29, 0.2, 'Sat 11:00')],
    ],
    [
      '+5:30 (Mumbai): the half hour moves noon to 11:30',
      19_800,
      [
        at('2026-11-28T03:00:00Z', 25, 0, 'Sat 08:30'),
        at('2026-11-28T06:00:00Z', 29, 0, 'Sat 11:30'),
        at('2026-11-28T09:00:00Z', 31, 0, 'Sat 14:30'),
      ],
      [day('2026-11-28', 25, 31, 0, 'Sat 11:30')],
    ],
    [
      '+4:30 (Kabul): 10:30 and 13:30 are as near noon, and the earlier wins',
      16_200,
      [
        at('2026-11-28T06:00:00Z', 10, 0, 'Sat 10:30'),
        at('2026-11-28T09:00:00Z', 14, 0, 'Sat 13:30'),
        at('2026-11-28T12:00:00Z', 12, 0, 'Sat 16:30'),
      ],
      [day('2026-11-28', 10, 14, 0, 'Sat 10:30')],
    ],
  ])('%s', ([, offset, entries, expected]) => {
    expect(dailyForecast(entries, offset)).toEqual(expected);
  });

  test('entries out of order are taken in time order', () => {
    const entries = [
      at('2026-11-28T12:00:00Z', 12, 0, 'Sat 12:00'),
      at('2026-11-27T12:00:00Z', 10, 0, 'Fri 12:00'),
      at('2026-11-28T09:00:00Z', 11, 0, 'Sat 09:00'),
    ];
    expect(dailyForecast(entries, 0).map((d) => [d.date, d.min, d.max, d.description])).toEqual([
      ['2026-11-27', 10, 10, 'Fri 12:00'],
      ['2026-11-28', 11, 12, 'Sat 12:00'],
    ]);
  });

  test('at most five days: a sixth local date is left out', () => {
    // Six days of entries at 00:00 and 12:00 UTC.
    const entries = Array.from({ length: 12 }, (_, i) =>
      at(new Date(Date.UTC(2026, 10, 27 + Math.floor(i / 2), (i % 2) * 12)).toISOString(), i),
    );
    const days = dailyForecast(entries, 0);
    expect(days.map((d) => d.date)).toEqual(['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01']);
    expect(days.at(-1)).toMatchObject({ min: 8, max: 9 });
  });

  test('no entries, no days', () => {
    expect(dailyForecast([], 3600)).toEqual([]);
  });

  test.for<[number, number, string]>([
    [Date.parse('2026-11-27T23:59:59Z') / 1000, 0, '2026-11-27'],
    [Date.parse('2026-11-27T23:00:00Z') / 1000, 3600, '2026-11-28'],
    [Date.parse('2026-11-28T00:30:00Z') / 1000, -3600, '2026-11-27'],
    [Date.parse('2026-01-01T02:00:00Z') / 1000, -10_800, '2025-12-31'],
  ])('localDate(%i, %i) is %s', ([dt, offset, date]) => {
    expect(localDate(dt, offset)).toBe(date);
  });
});

/** Two entries in the real shape, with the fields the parser reads and some it ignores. */
const ENTRIES = [
  {
    dt: Date.parse('2026-11-27T09:00:00Z') / 1000,
    main: { temp: 14.2, temp_min: 10, temp_max: 20, humidity: 60 },
    weather: [{ id: 800, main: 'Clear', description: 'clear sky', icon: '01d' }],
    pop: 0.1,
  },
  {
    dt: Date.parse('2026-11-27T15:00:00Z') / 1000,
    main: { temp: 9.8, temp_min: 5, temp_max: 15, humidity: 70 },
    weather: [
      { id: 500, main: 'Rain', description: 'light rain', icon: '10n' },
      { id: 701, main: 'Mist', description: 'mist', icon: '50n' },
    ],
    pop: 0.45,
  },
];
const entry = ENTRIES[0]!;

function wireBody(overrides: { list?: unknown; city?: unknown } = {}) {
  return {
    cod: '200',
    cnt: 2,
    list: ENTRIES,
    city: { id: 1850147, name: 'Tokyo', country: 'JP', timezone: 32_400, sunrise: 0, sunset: 0 },
    ...overrides,
  };
}

describe('parseForecast', () => {
  test('turns the wire body into days, reading main.temp (not the spread in temp_min/temp_max)', () => {
    expect(parseForecast(wireBody())).toEqual({
      city: 'Tokyo',
      country: 'JP',
      utc_offset_s: 32_400,
      days: [
        { date: '2026-11-27', min: 14.2, max: 14.2, description: 'clear sky', icon: '01d', pop: 0.1 },
        { date: '2026-11-28', min: 9.8, max: 9.8, description: 'light rain', icon: '10n', pop: 0.45 },
      ],
    });
  });

  test('a place without a country (the provider sends "" or nothing) has country null', () => {
    const city = { name: 'Null Island', timezone: 0 };
    expect(parseForecast(wireBody({ city: { ...city, country: '' } })).country).toBeNull();
    expect(parseForecast(wireBody({ city })).country).toBeNull();
  });

  test('the canned forecast of every demo city parses into five consecutive days', () => {
    for (const city of CANNED_CITIES) {
      const forecast = parseForecast(forecastBody(city));
      expect(forecast).toMatchObject({ city: city.name, country: city.country, utc_offset_s: city.utcOffsetS });
      expect(forecast.days).toHaveLength(5);
      const dates = forecast.days.map((d) => Date.parse(d.date) / 86_400_000);
      expect(dates.map((d) => d - dates[0]!)).toEqual([0, 1, 2, 3, 4]);
    }
  });

  test.for<[string, unknown]>([
    ['null', null],
    ['no list', { ...wireBody(), list: undefined }],
    ['an empty list', wireBody({ list: [] })],
    [`more than ${MAX_FORECAST_ENTRIES} entries`, wireBody({ list: Array(MAX_FORECAST_ENTRIES + 1).fill(entry) })],
    ['no city', { ...wireBody(), city: undefined }],
    ['an empty city name', wireBody({ city: { name: '', timezone: 0 } })],
    ['a 201-character city name', wireBody({ city: { name: 'x'.repeat(201), timezone: 0 } })],
    ['no timezone', wireBody({ city: { name: 'Tokyo' } })],
    ['a timezone beyond ±14 h', wireBody({ city: { name: 'Tokyo', timezone: 86_400 } })],
    ['a temperature of 1e17', wireBody({ list: [{ ...entry, main: { temp: 1e17 } }] })],
    ['a temperature of -150 °C', wireBody({ list: [{ ...entry, main: { temp: -150 } }] })],
    ['a temperature as a string', wireBody({ list: [{ ...entry, main: { temp: '14' } }] })],
    ['a chance of rain of 1.5', wireBody({ list: [{ ...entry, pop: 1.5 }] })],
    ['a negative chance of rain', wireBody({ list: [{ ...entry, pop: -0.1 }] })],
    ['no chance of rain', wireBody({ list: [{ ...entry, pop: undefined }] })],
    ['a time as a string', wireBody({ list: [{ ...entry, dt: '1795770000' }] })],
    ['a negative time', wireBody({ list: [{ ...entry, dt: -1 }] })],
    ['a time past 2100', wireBody({ list: [{ ...entry, dt: 4_102_444_801 }] })],
    ['no conditions', wireBody({ list: [{ ...entry, weather: [] }] })],
    [
      'a 201-character description',
      wireBody({ list: [{ ...entry, weather: [{ description: 'x'.repeat(201), icon: '01d' }] }] }),
    ],
    ['no icon', wireBody({ list: [{ ...entry, weather: [{ description: 'clear sky' }] }] })],
  ])('a body with %s is unusable: an upstream failure', ([, body]) => {
    const error = (() => {
      try {
        parseForecast(body);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(WeatherError);
    expect(error).toMatchObject({
      failure: 'unavailable',
      message: expect.stringMatching(/^OpenWeatherMap answered an unexpected body/),
    });
  });
});
