/**
 * GET /api/weather?city=NAME&units=metric|imperial — the product's weather API, public:
 *   200 the current weather and the next days' forecast, in the reader's units
 *   400 a bad city or units; 404 {"error": "city not found"}; 503 provider down, with Retry-After
 * Both parts come through the weather service (cached, single flight, stale-if-error, breaker), and a 200
 * may be cached downstream for what is left of the fresher-ending part's TTL.
 * /weather (routes.ts) keeps the seed's contract for the clients written against it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { type Static, Type } from 'typebox';
import type { Cached } from '../cache/cached-lookup.ts';
import { errorResponse, providerUnavailable } from '../http/errors.ts';
import { BREAKER_OPEN_MS } from '../http/provider-guard.ts';
import { TOO_MANY_REQUESTS } from '../http/rate-limit.ts';
import { validateCity } from './city.ts';
import { FORECAST_DAYS, type Forecast, ForecastDay } from './forecast.ts';
import type { Weather, WeatherError } from './openweathermap.ts';
import type { WeatherService } from './service.ts';
import { speedIn, temperatureIn, UNITS, type Units } from './units.ts';

/**
 * Retry-After when the provider failed without saying for how long (a timeout, a 500): as long as an
 * open breaker leaves it alone. A 429's own Retry-After, or an open breaker's time left, wins.
 */
export const RETRY_AFTER_S = BREAKER_OPEN_MS / 1000;

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

export const apiWeatherRoutes: FastifyPluginAsyncTypebox<{ weather: WeatherService }> = async (app, { weather }) => {
  app.get(
    '/api/weather',
    {
      schema: {
        summary: 'Current weather and the five-day forecast for a city',
        description:
          "The product's weather API: temperatures in °C or °F and wind in m/s or mph, as `units` says. " +
          "Forecast days are the city's own calendar days; the list is empty when only the forecast failed.",
        tags: ['weather'],
        querystring: ApiWeatherQuery,
        response: {
          200: Type.Object(ApiWeatherBody.properties, {
            description: 'the weather, in the units asked for',
            headers: {
              'cache-control': {
                type: 'string',
                description: 'public, max-age=<seconds left of the cache TTL>; no-store when the forecast failed',
              },
              age: { type: 'integer', description: 'only when a part was served stale because the provider failed' },
            },
          }),
          400: errorResponse('the city is missing or not a valid name, or units is not metric or imperial'),
          404: errorResponse('the weather provider does not know the city: {"error": "city not found"}'),
          429: TOO_MANY_REQUESTS,
          503: providerUnavailable('the weather provider is unavailable'),
        },
      },
    },
    async (request, reply) => {
      const check = validateCity(request.query.city);
      if (!check.ok) return reply.code(400).send({ error: check.error });
      const units = request.query.units as Units; // never missing: the schema's default fills it in
      // Both at once: the answer waits for the slower, not for the two in turn.
      const [current, forecast] = await Promise.allSettled([weather.current(check.city), weather.forecast(check.city)]);
      if (current.status === 'rejected') {
        const error = current.reason as WeatherError;
        request.log.warn({ reason: error.message }, 'weather lookup failed');
        if (error.failure === 'not_found') return reply.code(404).send(CITY_NOT_FOUND);
        return reply
          .code(503)
          .header('retry-after', String(error.retryAfterS ?? RETRY_AFTER_S))
          .send(UNAVAILABLE);
      }
      // The current weather is the answer; a forecast that failed alone leaves the list empty rather than
      // turning a good answer into a 503, and that answer is not kept anywhere: the days may be back soon.
      if (forecast.status === 'rejected') {
        request.log.warn({ reason: (forecast.reason as WeatherError).message }, 'forecast lookup failed');
        reply.header('cache-control', 'no-store');
        return apiWeather(current.value.value, [], units);
      }
      cacheHeaders(reply, [current.value, forecast.value]);
      return apiWeather(current.value.value, forecast.value.value.days, units);
    },
  );
};

/**
 * Like /weather's: max-age is what is left of the TTL (of the part that goes stale first), with no Age on
 * a fresh answer; an answer with a part served stale, because the provider failed, has max-age 0 and says
 * how old its oldest part is.
 */
function cacheHeaders(reply: FastifyReply, parts: ReadonlyArray<Cached<Weather> | Cached<Forecast>>): void {
  reply.header('cache-control', `public, max-age=${Math.min(...parts.map((part) => part.freshForS))}`);
  const stale = parts.filter((part) => part.stale);
  if (stale.length > 0) reply.header('age', String(Math.max(...stale.map((part) => part.ageS))));
}

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
