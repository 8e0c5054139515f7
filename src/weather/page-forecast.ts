/**
 * The forecast for a page: the pages show current weather first, so a
 * forecast that cannot be had (provider down, a body that makes no sense)
 * costs the page its forecast row, never the page.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Forecast } from './forecast.ts';
import type { WeatherError } from './openweathermap.ts';
import type { WeatherService } from './service.ts';

export async function forecastForPage(
  weather: WeatherService,
  city: string,
  log: FastifyBaseLogger,
): Promise<Forecast | null> {
  try {
    return (await weather.forecast(city)).value;
  } catch (error) {
    log.warn({ city, reason: (error as WeatherError).message }, 'forecast lookup failed');
    return null;
  }
}
