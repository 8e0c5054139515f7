/**
 * The weather as the routes, the dashboard and the snapshot job ask for it:
 * the provider's client behind one cache (cache/cached-lookup.ts), so one
 * provider answer serves every asker for its TTL and concurrent lookups of a
 * city share one request.
 */
import { type Cached, type CacheEntry, createCachedLookup } from '../cache/cached-lookup.js';
import type { CacheStore } from '../cache/store.js';
import type { Config } from '../config.js';
import type { Metrics } from '../metrics/metrics.js';
import { foldName } from './city.js';
import { type Weather, type WeatherClient, WeatherError } from './openweathermap.js';

/** How long the provider's "city not found" is believed. */
export const NOT_FOUND_TTL_MS = 10 * 60 * 1000;

export interface WeatherService {
  /** The city's current weather and how old the answer is. Rejects with a WeatherError. */
  current(city: string): Promise<Cached<Weather>>;
}

export interface WeatherServiceOptions {
  client: WeatherClient;
  store: CacheStore<CacheEntry>;
  settings: Config['weather']['cache'];
  metrics: Metrics;
  /** The clock, in ms (Date.now by default). */
  now?: () => number;
}

export function createWeatherService(options: WeatherServiceOptions): WeatherService {
  const { client, store, settings, metrics } = options;
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
  // Every kind of lookup is cached the same way, under its kind and the city as validated (trimmed,
  // case-folded, NFC): a second kind (a forecast) is one more line below.
  const cached = <V>(kind: string, city: string, load: () => Promise<V>) =>
    lookup.get(`${kind}:${foldName(city)}`, load);
  return {
    current: (city) => cached('current', city, () => client.current(city)),
  };
}
