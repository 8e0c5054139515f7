/**
 * The forecast for a page: the pages show current weather first, so a
 * forecast that cannot be had (provider down, a body that makes no sense)
 * costs the page its forecast row, never the page.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Forecast } from './forecast.js';
import type { WeatherClient, WeatherError } from './openweathermap.js';

export async function forecastForPage(
  client: WeatherClient,
  city: string,
  log: FastifyBaseLogger,
): Promise<Forecast | null> {
  try {
    return await client.forecast(city);
  } catch (error) {
    log.warn({ city, reason: (error as WeatherError).message }, 'forecast lookup failed');
    return null;
  }
}
