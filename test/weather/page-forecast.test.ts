/** A page's forecast: a failure costs the page its forecast row, never the page. */
import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, test } from 'vitest';
import { WeatherError } from '../../src/weather/openweathermap.ts';
import { forecastForPage } from '../../src/weather/page-forecast.ts';
import type { WeatherService } from '../../src/weather/service.ts';
import { DUBLIN_FORECAST } from '../support/forecasts.ts';

const current: WeatherService['current'] = async () => {
  throw new Error('not asked in these tests');
};

/** Just enough of a logger to see what was warned. */
function logger() {
  const warnings: Array<[Record<string, unknown>, string]> = [];
  const log = { warn: (fields: Record<string, unknown>, message: string) => warnings.push([fields, message]) };
  return { log: log as unknown as FastifyBaseLogger, warnings };
}

describe('forecastForPage', () => {
  test('the weather service’s forecast for the city', async () => {
    const asked: string[] = [];
    const client = {
      current,
      forecast: async (city: string) => {
        asked.push(city);
        return { value: DUBLIN_FORECAST, ageS: 0, freshForS: 600, stale: false };
      },
    };
    expect(await forecastForPage(client, 'Dublin', logger().log)).toBe(DUBLIN_FORECAST);
    expect(asked).toEqual(['Dublin']);
  });

  test.for<[string, unknown]>([
    ['the provider is down', new WeatherError('unavailable', 'OpenWeatherMap answered 503')],
    ['the city is unknown', new WeatherError('not_found', 'OpenWeatherMap does not know this city')],
    ['anything else throws', new TypeError('boom')],
  ])('%s → no forecast, logged as a warning', async ([, error]) => {
    const { log, warnings } = logger();
    const client = {
      current,
      forecast: async () => {
        throw error;
      },
    };
    expect(await forecastForPage(client, 'Dublin', log)).toBeNull();
    expect(warnings).toEqual([[{ city: 'Dublin', reason: (error as Error).message }, 'forecast lookup failed']]);
  });
});
