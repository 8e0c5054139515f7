/**
 * The weather as the routes, the dashboard and the snapshot job ask for it:
 * the provider's client behind one cache (cache/cached-lookup.ts), so one
 * provider answer serves every asker for its TTL and concurrent lookups of a
 * city share one request; and behind the provider's guard (breaker and
 * Retry-After), so what the cache cannot answer fails fast while the provider
 * is down or has asked us to wait.
 */

import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { type Cached, type CacheEntry, createCachedLookup } from '../cache/cached-lookup.ts';
import type { CacheStore } from '../cache/store.ts';
import type { Config } from '../config.ts';
import type { ProviderGuard } from '../http/provider-guard.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { foldName } from './city.ts';
import { FORECAST_DAYS, Forecast, ForecastDay } from './forecast.ts';
import { type Weather, type WeatherClient, WeatherError } from './openweathermap.ts';
import { Celsius, Percent, Probability, Speed } from './plausible.ts';

/** How long the provider's "city not found" is believed. */
export const NOT_FOUND_TTL_MS = 10 * 60 * 1000;

export interface WeatherService {
  /** The city's current weather and how old the answer is. Rejects with a WeatherError. */
  current(city: string): Promise<Cached<Weather>>;
  /** The city's next days (the 5 day / 3 hour forecast, by local day), cached and guarded the same way. */
  forecast(city: string): Promise<Cached<Forecast>>;
}

export interface WeatherServiceOptions {
  client: WeatherClient;
  /** OpenWeatherMap's breaker and Retry-After pause: every call the cache makes goes through it. */
  guard: ProviderGuard;
  store: CacheStore<CacheEntry>;
  settings: Config['weather']['cache'];
  metrics: Metrics;
  /** The clock, in ms (Date.now by default). */
  now?: () => number;
}

export function createWeatherService(options: WeatherServiceOptions): WeatherService {
  const { client, guard, store, settings, metrics } = options;
  const lookup = createCachedLookup({
    store,
    ttlMs: settings.ttlS * 1000,
    staleMs: settings.staleS * 1000,
    negativeTtlMs: NOT_FOUND_TTL_MS,
    isNotFound: (error) => error instanceof WeatherError && error.failure === 'not_found',
    notFound: () => new WeatherError('not_found', 'OpenWeatherMap does not know this city (remembered)'),
    now: options.now,
    count: {
      hit: () => metrics.weatherCacheHits.inc(),
      miss: () => metrics.weatherCacheMisses.inc(),
      stale: () => metrics.weatherCacheStale.inc(),
    },
  });
  // Every kind of lookup is cached and guarded the same way, under its kind and the city as validated
  // (trimmed, case-folded, NFC): a second kind (a forecast) is one more line below.
  const cached = <V>(kind: string, city: string, load: () => Promise<V>) =>
    lookup.get(`${kind}:${foldName(city)}`, () => guard.call(load));
  return {
    current: (city) => cached('current', city, () => client.current(city)),
    forecast: (city) => cached('forecast', city, () => client.forecast(city)),
  };
}

const OrNull = <T extends Parameters<typeof Type.Union>[0][number]>(type: T) => Type.Union([type, Type.Null()]);
const WeatherValue = Type.Object({
  city: Type.String({ minLength: 1 }),
  country: OrNull(Type.String()),
  temp_c: Celsius,
  feels_like_c: OrNull(Celsius),
  humidity: OrNull(Percent),
  wind_ms: OrNull(Speed),
  description: Type.String(),
  icon: OrNull(Type.String()),
  observed_at: OrNull(Type.String()),
  utc_offset_s: OrNull(Type.Integer()),
});
// A forecast as stored: the shared shape, in °C within the same plausible bounds, at most FORECAST_DAYS days.
const ForecastValue = Type.Object({
  ...Forecast.properties,
  utc_offset_s: Type.Integer({ minimum: -50_400, maximum: 50_400 }),
  days: Type.Array(Type.Object({ ...ForecastDay.properties, min: Celsius, max: Celsius, pop: Probability }), {
    maxItems: FORECAST_DAYS,
  }),
});
const StoredAt = Type.Number({ minimum: 0 });
const entryOf = <T extends Parameters<typeof Type.Union>[0][number]>(value: T) =>
  Type.Union([
    Type.Object({ storedAt: StoredAt, value }),
    Type.Object({ storedAt: StoredAt, notFound: Type.Literal(true) }),
  ]);
const WeatherEntry = entryOf(WeatherValue);
const ForecastEntry = entryOf(ForecastValue);

/**
 * Whether a cache entry read from outside the process (Redis) is one this service stored under `key`: a
 * reading of that kind (a forecast under `forecast:…`, current weather under `current:…`) within the
 * provider's plausible bounds, or a remembered "not found". Anything else is treated as a miss.
 */
export function isWeatherEntry(value: unknown, key: string): value is CacheEntry {
  return Value.Check(key.startsWith('forecast:') ? ForecastEntry : WeatherEntry, value);
}
