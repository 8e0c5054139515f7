/**
 * The forecast for a page: the pages show current weather first, so a
 * forecast that cannot be had (provider down, a body that makes no sense)
 * costs the page its forecast row, never the page.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Cached } from '../cache/cached-lookup.js';
import type { Forecast } from './forecast.js';
import type { WeatherError } from './openweathermap.js';
import type { WeatherService } from './service.js';

/**
 * SEAM: the `forecast` branch adds forecast(city) to the WeatherClient, and so to the WeatherService
 * (one line in weather/service.ts, cached and guarded like current weather). Until then a service
 * without it gives no forecast; once it has it, this reads `weather.forecast(city)`.
 */
type MaybeForecasting = WeatherService & { forecast?: (city: string) => Promise<Cached<Forecast>> };

export async function forecastForPage(
  weather: WeatherService,
  city: string,
  log: FastifyBaseLogger,
): Promise<Forecast | null> {
  const forecasting = weather as MaybeForecasting;
  if (forecasting.forecast === undefined) return null;
  try {
    return (await forecasting.forecast(city)).value;
  } catch (error) {
    log.warn({ city, reason: (error as WeatherError).message }, 'forecast lookup failed');
    return null;
  }
}
