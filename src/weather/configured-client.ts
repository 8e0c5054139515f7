/**
 * The WeatherClient a configuration calls for: OpenWeatherMap, or in demo mode
 * (no WEATHER_API_KEY) the same client over the built-in fake. One place, for
 * the app's routes and the server's snapshot job alike.
 */
import type { Config } from '../config.ts';
import { DEMO_WEATHER_API_KEY, demoWeatherFetch } from '../demo/weather-provider.ts';
import type { Fetch } from '../http/upstream.ts';
import { createWeatherClient, type WeatherClient } from './openweathermap.ts';

export function weatherClientFor(config: Config, fetch: Fetch): WeatherClient {
  const demo = config.weather.apiKey === null;
  return createWeatherClient({
    apiUrl: config.weather.apiUrl,
    apiKey: config.weather.apiKey ?? DEMO_WEATHER_API_KEY,
    timeoutMs: config.weather.timeoutMs,
    fetch: demo ? demoWeatherFetch : fetch,
  });
}
