/**
 * The rules for saving a city: a valid name, at most MAX_CITIES_PER_USER, no
 * duplicates, and a city the weather provider knows — saved under the
 * provider's canonical name, so "dublin" and "DUBLIN" are the same city.
 * The lookup that checked the city is kept as its first sample, so its
 * history starts the moment it is added, not at the next snapshot run.
 */
import { type SnapshotRepository, sampleOf } from '../snapshots/repository.ts';
import { foldName, validateCity } from '../weather/city.ts';
import { type Weather, WeatherError } from '../weather/openweathermap.ts';
import type { WeatherService } from '../weather/service.ts';
import type { City, CityRepository } from './repository.ts';

export const MAX_CITIES_PER_USER = 20;

export type AddCityProblem = 'invalid' | 'duplicate' | 'limit' | 'not_found' | 'unavailable';
export type AddCityOutcome =
  | { ok: true; city: City }
  /**
   * `error` is for the client; `reason`, when there is one, is for the log; `retryAfterS` when the
   * provider is not being asked for a while (its breaker is open, or it asked us to wait).
   */
  | { ok: false; problem: AddCityProblem; error: string; reason?: string; retryAfterS?: number };

export interface CityServiceDeps {
  cities: CityRepository;
  snapshots: SnapshotRepository;
  weather: WeatherService;
}

export function createCityService({ cities, snapshots, weather }: CityServiceDeps) {
  return {
    async add(userId: number, rawName: unknown, now = new Date()): Promise<AddCityOutcome> {
      const check = validateCity(rawName);
      if (!check.ok) return { ok: false, problem: 'invalid', error: check.error };

      // Settled from what is saved, these need no upstream call (and work while it is down).
      const saved = await cities.listForUser(userId);
      const typed = foldName(check.city);
      if (saved.some((city) => foldName(city.name) === typed || foldName(city.query) === typed)) return duplicate();
      if (saved.length >= MAX_CITIES_PER_USER) return limit();

      let current: Weather;
      try {
        ({ value: current } = await weather.current(check.city));
      } catch (error) {
        return providerProblem(error);
      }

      // The provider may have resolved a different spelling to a city already saved: the repository catches that.
      const canonical = { name: current.city, country: current.country, query: check.city };
      const result = await cities.add(userId, canonical, MAX_CITIES_PER_USER, now);
      if (!result.ok) return result.reason === 'duplicate' ? duplicate() : limit();
      await snapshots.insertSamples([sampleOf(result.city.city_key, current, now)]);
      return result;
    },
  };
}

export type CityService = ReturnType<typeof createCityService>;

function duplicate(): AddCityOutcome {
  return { ok: false, problem: 'duplicate', error: 'this city is already saved' };
}

function limit(): AddCityOutcome {
  return { ok: false, problem: 'limit', error: `you can save at most ${MAX_CITIES_PER_USER} cities` };
}

function providerProblem(error: unknown): AddCityOutcome {
  if (error instanceof WeatherError && error.failure === 'not_found') {
    return { ok: false, problem: 'not_found', error: 'the weather service does not know this city' };
  }
  const { message: reason, retryAfterS } = error as WeatherError; // the service only throws WeatherErrors
  const outcome: AddCityOutcome = {
    ok: false,
    problem: 'unavailable',
    error: 'weather service unavailable, try again later',
    reason,
  };
  // Stryker disable next-line ConditionalExpression: a retryAfterS key holding undefined reads as no key: the API route tests `!== undefined`, the dashboard ignores it, and neither sends the outcome itself
  return retryAfterS === undefined ? outcome : { ...outcome, retryAfterS };
}
