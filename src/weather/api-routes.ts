/**
 * GET /api/weather?city=NAME&units=metric|imperial — the product's weather API, public:
 *   200 the current weather and the next days' forecast, in the reader's units
 *   400 a bad city or units; 404 {"error": "city not found"}; 503 provider down, with Retry-After
 * /weather (routes.ts) keeps the seed's contract for the clients written against it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import { ErrorBody } from '../http/errors.js';
import { validateCity } from './city.js';
import { FORECAST_DAYS, ForecastDay } from './forecast.js';
import type { Weather, WeatherClient, WeatherError } from './openweathermap.js';
import { speedIn, temperatureIn, UNITS, type Units } from './units.js';

/** Until the provider's own hint is known: about as long as a failing provider is left alone before a retry. */
export const RETRY_AFTER_S = 30;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const ApiWeatherQuery = Type.Object({
  city: Type.Optional(Type.String({ description: 'a city name, 1–100 characters' })),
  units: Type.Optional(
    Type.Enum(UNITS, { default: 'metric', description: 'metric: °C and m/s; imperial: °F and mph' }),
  ),
});

/** Temperatures in °C or °F and wind in m/s or mph, as `units` says; null where the provider gave nothing. */
const ApiCurrentWeather = Type.Object({
  temp: Type.Number(),
  feels_like: Nullable(Type.Number()),
  humidity: Nullable(Type.Number()),
  wind: Nullable(Type.Number()),
  description: Type.String(),
  icon: Nullable(Type.String()),
  /** ISO 8601, UTC. */
  observed_at: Nullable(Type.String()),
});

export const ApiWeatherBody = Type.Object({
  city: Type.String(),
  country: Nullable(Type.String()),
  units: Type.Enum(UNITS),
  current: ApiCurrentWeather,
  /** Empty when the forecast is unavailable and the current weather is not (see the README). */
  forecast: Type.Array(ForecastDay, { maxItems: FORECAST_DAYS }),
});
export type ApiWeatherBody = Static<typeof ApiWeatherBody>;

const CITY_NOT_FOUND = { error: 'city not found' };
const UNAVAILABLE = { error: 'weather service unavailable, try again later' };

export const apiWeatherRoutes: FastifyPluginAsyncTypebox<{ weather: WeatherClient }> = async (app, { weather }) => {
  app.get(
    '/api/weather',
    {
      schema: {
        querystring: ApiWeatherQuery,
        response: { 200: ApiWeatherBody, 400: ErrorBody, 404: ErrorBody, 503: ErrorBody },
      },
    },
    async (request, reply) => {
      const check = validateCity(request.query.city);
      if (!check.ok) return reply.code(400).send({ error: check.error });
      // Both at once: the answer waits for the slower, not for the two in turn.
      const [current, forecast] = await Promise.allSettled([weather.current(check.city), weather.forecast(check.city)]);
      if (current.status === 'rejected') {
        const error = current.reason as WeatherError;
        request.log.warn({ reason: error.message }, 'weather lookup failed');
        if (error.failure === 'not_found') return reply.code(404).send(CITY_NOT_FOUND);
        return reply.code(503).header('retry-after', String(RETRY_AFTER_S)).send(UNAVAILABLE);
      }
      // The current weather is the answer; a forecast that failed alone leaves the list empty rather than
      // turning a good answer into a 503.
      if (forecast.status === 'rejected') {
        request.log.warn({ reason: (forecast.reason as WeatherError).message }, 'forecast lookup failed');
      }
      const days = forecast.status === 'fulfilled' ? forecast.value.days : [];
      return apiWeather(current.value, days, request.query.units ?? 'metric');
    },
  );
};

/** The API's answer in the reader's units. */
export function apiWeather(weather: Weather, days: readonly ForecastDay[], units: Units): ApiWeatherBody {
  const temp = (celsius: number) => hundredths(temperatureIn(celsius, units));
  const speed = (metresPerSecond: number) => hundredths(speedIn(metresPerSecond, units));
  return {
    city: weather.city,
    country: weather.country,
    units,
    current: {
      temp: temp(weather.temp_c),
      feels_like: weather.feels_like_c === null ? null : temp(weather.feels_like_c),
      humidity: weather.humidity,
      wind: weather.wind_ms === null ? null : speed(weather.wind_ms),
      description: weather.description,
      icon: weather.icon,
      observed_at: weather.observed_at,
    },
    forecast: days.map((day) => ({ ...day, min: temp(day.min), max: temp(day.max) })),
  };
}

/**
 * To two decimals, the provider's own precision: metric numbers pass through
 * unchanged (the same as /weather's), imperial ones carry no float noise
 * (10.9 °C is 51.62 °F, not 51.620000000000005). Pages round further, to one.
 * + 0 turns -0 into 0.
 */
function hundredths(value: number): number {
  return Math.round(value * 100) / 100 + 0;
}
