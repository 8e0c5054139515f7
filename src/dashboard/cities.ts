/**
 * What the dashboard shows for each saved city: its current weather (or why
 * not) and its month of history. The lookups run a few at a time, and one
 * city's failure is that city's "unavailable", never the page's 500.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { City, CityRepository } from '../cities/repository.js';
import type { DayStats } from '../snapshots/day-stats.js';
import { monthHistory } from '../snapshots/history.js';
import { mapWithConcurrency } from '../snapshots/pool.js';
import type { SnapshotRepository } from '../snapshots/repository.js';
import type { Weather, WeatherClient, WeatherError } from '../weather/openweathermap.js';

/** At most this many weather requests in flight for one page. */
export const LOOKUP_CONCURRENCY = 4;

export interface CityView {
  city: City;
  /** null: the provider could not say right now. */
  weather: Weather | null;
  days: DayStats[];
}

export interface DashboardSources {
  cities: CityRepository;
  snapshots: SnapshotRepository;
  weather: WeatherClient;
}

export async function loadCityViews(
  sources: DashboardSources,
  userId: number,
  month: string,
  log: FastifyBaseLogger,
): Promise<CityView[]> {
  const cities = await sources.cities.listForUser(userId);
  const weather = await currentWeather(sources.weather, cities, log);
  const views: CityView[] = [];
  for (const [i, city] of cities.entries()) {
    views.push({
      city,
      weather: weather[i] ?? null,
      days: await monthHistory(sources.snapshots, city.city_key, month),
    });
  }
  return views;
}

/**
 * Each city's weather, in order; null where it failed. Once the provider is
 * found to be down, the cities not yet asked are not asked: with 20 cities
 * and a hung provider, the page would otherwise wait out one timeout per round.
 */
async function currentWeather(
  client: WeatherClient,
  cities: readonly City[],
  log: FastifyBaseLogger,
): Promise<Array<Weather | null>> {
  let providerDown = false;
  return mapWithConcurrency(cities, LOOKUP_CONCURRENCY, async (city) => {
    if (providerDown) return null;
    try {
      return await client.current(city.query);
    } catch (error) {
      const failure = error as WeatherError;
      if (failure.failure !== 'not_found') providerDown = true;
      log.warn({ city: city.name, reason: failure.message }, 'dashboard weather lookup failed');
      return null;
    }
  });
}
