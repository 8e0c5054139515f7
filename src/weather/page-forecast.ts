/**
 * The forecast for a page: the pages show current weather first, so a
 * forecast that cannot be had (provider down, a body that makes no sense)
 * costs the page its forecast row, never the page.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Forecast } from './forecast.js';
import type { WeatherClient, WeatherError } from './openweathermap.js';

/**
 * SEAM: WeatherClient.forecast(city) is being added on the `forecast` branch. Until it is on this
 * branch, a client without it gives no forecast; once it is, this reads `client.forecast(city)`.
 */
type MaybeForecasting = WeatherClient & { forecast?: (city: string) => Promise<Forecast> };

export async function forecastForPage(
  client: WeatherClient,
  city: string,
  log: FastifyBaseLogger,
): Promise<Forecast | null> {
  const forecasting = client as MaybeForecasting;
  if (forecasting.forecast === undefined) return null;
  try {
    return await forecasting.forecast(city);
  } catch (error) {
    log.warn({ city, reason: (error as WeatherError).message }, 'forecast lookup failed');
    return null;
  }
}
