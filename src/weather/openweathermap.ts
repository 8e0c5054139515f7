/**
 * OpenWeatherMap's current-weather and forecast APIs: the only modules that know
 * their wire format (the forecast's lives in openweathermap-forecast.ts).
 * https://openweathermap.org/current
 */
import { type Static, type TSchema, Type } from 'typebox';
import { Value } from 'typebox/value';
import { retryAfterSeconds, type Verdict } from '../http/provider-guard.ts';
import { type Fetch, fetchJson, UpstreamError } from '../http/upstream.ts';
import type { Forecast } from './forecast.ts';
import { ForecastBody, toForecast } from './openweathermap-forecast.ts';
import { Celsius, Percent, Speed } from './plausible.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/**
 * What Skydeck knows about a city's weather right now. Field names are the
 * public API's; the properties are in the order /weather has always sent them.
 * A field upstream left out is null.
 */
export const Weather = Type.Object({
  city: Type.String({ description: "the provider's name for the city" }),
  temp_c: Type.Number({ description: 'temperature, °C' }),
  description: Type.String({ description: 'the conditions in words, e.g. "broken clouds"' }),
  feels_like_c: Nullable(Type.Number({ description: 'felt temperature, °C' })),
  humidity: Nullable(Type.Number({ description: 'relative humidity, %' })),
  wind_ms: Nullable(Type.Number({ description: 'wind speed, m/s' })),
  icon: Nullable(Type.String({ description: 'OpenWeatherMap icon code, e.g. "04d"' })),
  country: Nullable(Type.String({ description: 'ISO 3166 country code' })),
  observed_at: Nullable(Type.String({ format: 'date-time', description: 'when it was measured, UTC' })),
  /** Seconds east of UTC in the city (OpenWeatherMap's `timezone`), for showing its local time. */
  utc_offset_s: Nullable(Type.Integer({ description: "the city's offset from UTC, seconds" })),
});
export type Weather = Static<typeof Weather>;

/** 'not_found': upstream does not know the city. 'unavailable': anything else went wrong. */
export type WeatherFailure = 'not_found' | 'unavailable';

export class WeatherError extends Error {
  // Stryker disable next-line StringLiteral: every WeatherError is handled, and the logs carry its message alone
  override name = 'WeatherError';
  /** Set when the provider should not be asked again for this long (it rate-limited us, or its breaker is open). */
  readonly retryAfterS: number | undefined;
  readonly failure: WeatherFailure;
  constructor(failure: WeatherFailure, message: string, options?: ErrorOptions & { retryAfterS?: number }) {
    super(message, options);
    this.failure = failure;
    this.retryAfterS = options?.retryAfterS;
  }
}

export interface WeatherClient {
  current(city: string): Promise<Weather>;
  /** The next days in the city's time zone, from the 5 day / 3 hour forecast. */
  forecast(city: string): Promise<Forecast>;
}

export interface WeatherClientOptions {
  apiUrl: string;
  apiKey: string;
  timeoutMs: number;
  fetch: Fetch;
}

export function createWeatherClient(options: WeatherClientOptions): WeatherClient {
  return {
    current: (city) => lookup(options, 'weather', city, parseCurrentWeather),
    forecast: (city) => lookup(options, 'forecast', city, parseForecast),
  };
}

/** One GET of /data/2.5/<endpoint> for a city, in metric units, within the deadline; every failure a WeatherError. */
async function lookup<T>(
  options: WeatherClientOptions,
  endpoint: 'weather' | 'forecast',
  city: string,
  parse: (body: unknown) => T,
): Promise<T> {
  // Appended, not resolved, so a base URL with a path (a proxy) keeps its prefix.
  const url = new URL(`${options.apiUrl}/data/2.5/${endpoint}`);
  url.search = new URLSearchParams({ q: city, appid: options.apiKey, units: 'metric' }).toString();
  try {
    const response = await fetchJson(
      options.fetch,
      url.href,
      { headers: { accept: 'application/json' } },
      options.timeoutMs,
    );
    if (response.status === 429) throw rateLimited(response.headers.get('retry-after'));
    // fetch resolves with a final status, 200 to 599: past 299 is a failure.
    if (response.status > 299) throw weatherErrorForStatus(response.status);
    return parse(response.body);
  } catch (error) {
    throw toWeatherError(error);
  }
}

/** 404 is the only status that says something about the city; every other failure is upstream's. */
export function weatherErrorForStatus(status: number): WeatherError {
  if (status === 404) return new WeatherError('not_found', 'OpenWeatherMap does not know this city');
  return new WeatherError('unavailable', `OpenWeatherMap answered ${status}`);
}

function rateLimited(retryAfter: string | null): WeatherError {
  const retryAfterS = retryAfterSeconds(retryAfter);
  return new WeatherError('unavailable', `OpenWeatherMap answered 429 (retry after ${retryAfterS} s)`, { retryAfterS });
}

/**
 * How the provider guard counts a failed lookup: "not found" is an answer, a
 * 429 a pause, a timeout or anything else a failure towards the breaker.
 * (Refusals never reach here: the guard makes them itself.)
 */
export function judgeWeatherError(error: unknown): Verdict {
  if (!(error instanceof WeatherError)) return { outcome: 'error' };
  if (error.failure === 'not_found') return { outcome: 'not_found' };
  if (error.retryAfterS !== undefined) return { outcome: 'rate_limited', retryAfterS: error.retryAfterS };
  if (error.cause instanceof UpstreamError && error.cause.failure === 'timeout') return { outcome: 'timeout' };
  return { outcome: 'error' };
}

/** What a lookup the guard refused rejects with: the route answers 503 with Retry-After. */
export function weatherRefusal(retryAfterS: number): WeatherError {
  return new WeatherError('unavailable', `OpenWeatherMap is not being asked for ${retryAfterS} s`, { retryAfterS });
}

/** A lookup's own verdicts pass through; anything else is from fetchJson, which throws only UpstreamErrors. */
function toWeatherError(error: unknown): WeatherError {
  if (error instanceof WeatherError) return error;
  return new WeatherError('unavailable', (error as UpstreamError).message, { cause: error });
}

// Only the fields Skydeck reads are required; OpenWeatherMap sends many more. Readings must be physically
// plausible (plausible.ts): a 1e17 temperature is an unusable body, like a missing one, never a value.
const Optional = Type.Optional;
const CurrentWeatherBody = Type.Object({
  name: Type.String({ minLength: 1 }),
  main: Type.Object({
    temp: Celsius,
    feels_like: Optional(Celsius),
    humidity: Optional(Percent),
  }),
  weather: Type.Array(Type.Object({ description: Type.String(), icon: Optional(Type.String()) }), { minItems: 1 }),
  wind: Optional(Type.Object({ speed: Optional(Speed) })),
  sys: Optional(Type.Object({ country: Optional(Type.String()) })),
  dt: Optional(Type.Number()),
  timezone: Optional(Type.Integer({ minimum: -50_400, maximum: 50_400 })),
});
type CurrentWeatherBody = Static<typeof CurrentWeatherBody>;

/** Flattens a 200 body into Weather; a body without the required fields is an upstream failure. */
export function parseCurrentWeather(body: unknown): Weather {
  return flatten(checked(CurrentWeatherBody, body));
}

/** A 200 body of the forecast as days; an unusable body (missing fields, implausible values) is an upstream failure. */
export function parseForecast(body: unknown): Forecast {
  return toForecast(checked(ForecastBody, body));
}

function checked<T extends TSchema>(schema: T, body: unknown): Static<T> {
  if (!Value.Check(schema, body)) {
    const [first] = Value.Errors(schema, body);
    // Stryker disable next-line StringLiteral: Value.Errors yields at least one error whenever Value.Check fails
    const where = first ? `${first.instancePath || '/'}: ${first.message}` : 'unexpected shape';
    throw new WeatherError('unavailable', `OpenWeatherMap answered an unexpected body (${where})`);
  }
  return body;
}

function flatten(body: CurrentWeatherBody): Weather {
  // The schema's minItems: 1 makes the first condition always there.
  const condition = body.weather[0] as (typeof body.weather)[number];
  return {
    city: body.name,
    country: body.sys?.country ?? null,
    temp_c: body.main.temp,
    feels_like_c: body.main.feels_like ?? null,
    humidity: body.main.humidity ?? null,
    wind_ms: body.wind?.speed ?? null,
    description: condition.description,
    icon: condition.icon ?? null,
    observed_at: body.dt === undefined ? null : new Date(body.dt * 1000).toISOString(),
    utc_offset_s: body.timezone ?? null,
  };
}
