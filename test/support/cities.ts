/** Saved cities put straight into the database, as the seed injects sessions: no API call, no upstream. */
import { type City, createCityRepository } from '../../src/cities/repository.ts';
import { MAX_CITIES_PER_USER } from '../../src/cities/service.ts';
import type { Database } from '../../src/db/database.ts';
import { findCannedCity } from '../../src/demo/openweathermap-data.ts';

/** Saves canned cities (by name, in order) for `userId`, who must exist; returns the rows. */
export async function saveCities(db: Database, userId: number, names: readonly string[]): Promise<City[]> {
  const repository = createCityRepository(db);
  const saved: City[] = [];
  for (const name of names) {
    const canned = findCannedCity(name);
    if (!canned) throw new Error(`${name} is not a canned city`);
    const result = await repository.add(
      userId,
      { name: canned.name, country: canned.country, query: canned.name },
      MAX_CITIES_PER_USER,
    );
    if (!result.ok) throw new Error(`could not save ${name}: ${result.reason}`);
    saved.push(result.city);
  }
  return saved;
}
