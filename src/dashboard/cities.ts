/**
 * What the dashboard shows for each saved city: its current weather (or why
 * not), its forecast, and its month of history. The lookups run a few cities
 * at a time, and one city's failure is that city's "unavailable" (or no
 * forecast row), never the page's 500.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { City, CityRepository } from '../cities/repository.ts';
import type { DayStats } from '../snapshots/day-stats.ts';
import { monthHistory } from '../snapshots/history.ts';
import { mapWithConcurrency } from '../snapshots/pool.ts';
import type { SnapshotRepository } from '../snapshots/repository.ts';
import type { Forecast } from '../weather/forecast.ts';
import type { Weather, WeatherError } from '../weather/openweathermap.ts';
import { forecastForPage } from '../weather/page-forecast.ts';
import type { WeatherService } from '../weather/service.ts';

/** At most this many cities looked up at once for one page (each its current weather and its forecast). */
export const LOOKUP_CONCURRENCY = 4;

export interface CityView {
  city: City;
  /** null: the provider could not say right now. */
  weather: Weather | null;
  /** null: no forecast right now; the card shows the rest without its row. */
  forecast: Forecast | null;
  days: DayStats[];
}

export interface DashboardSources {
  cities: CityRepository;
  snapshots: SnapshotRepository;
  weather: WeatherService;
}

export async function loadCityViews(
  sources: DashboardSources,
  userId: number,
  month: string,
  log: FastifyBaseLogger,
): Promise<CityView[]> {
  const cities = await sources.cities.listForUser(userId);
  const views: CityView[] = [];
  for (const looked of await lookUp(sources.weather, cities, log)) {
    views.push({ ...looked, days: await monthHistory(sources.snapshots, looked.city.city_key, month) });
  }
  return views;
}

type Lookup = Omit<CityView, 'days'>;

/**
 * Each city's weather and forecast, in order; null where it failed. Once the
 * provider is found to be down, the cities not yet asked are not asked: with
 * 20 cities and a hung provider, the page would otherwise wait out one
 * timeout per round.
 */
async function lookUp(weather: WeatherService, cities: readonly City[], log: FastifyBaseLogger): Promise<Lookup[]> {
  let providerDown = false;
  return mapWithConcurrency(cities, LOOKUP_CONCURRENCY, async (city) => {
    if (providerDown) return { city, weather: null, forecast: null };
    const forecast = forecastForPage(weather, city.query, log); // side by side with the current weather
    try {
      return { city, weather: (await weather.current(city.query)).value, forecast: await forecast };
    } catch (error) {
      const failure = error as WeatherError;
      if (failure.failure !== 'not_found') providerDown = true;
      log.warn({ city: city.name, reason: failure.message }, 'dashboard weather lookup failed');
      return { city, weather: null, forecast: await forecast };
    }
  });
}
