/**
 * Demo mode's first-run data, so the dashboard shows something the moment
 * someone signs in through the demo GitHub: the demo user, two saved cities,
 * and a month of hourly history ending now. Idempotent: once the demo user
 * has saved cities (seeded or their own), it adds nothing.
 */
import { createUserRepository } from '../auth/users.js';
import { createCityRepository } from '../cities/repository.js';
import { MAX_CITIES_PER_USER } from '../cities/service.js';
import type { Database } from '../db/database.js';
import { createSnapshotRepository, type Sample } from '../snapshots/repository.js';
import { DEMO_GITHUB_USER } from './github-data.js';
import { noiseFor } from './noise.js';
import { CANNED_CITIES, type CannedCity } from './openweathermap-data.js';

/** Saved for the demo user, in this order. */
export const DEMO_CITIES: readonly string[] = ['Dublin', 'Tokyo'];
const HISTORY_DAYS = 30;
const HOUR_MS = 60 * 60 * 1000;

export interface SeedReport {
  userId: number;
  /** False when the demo user already had cities: nothing was added. */
  seeded: boolean;
  samples: number;
}

export async function seedDemo(db: Database, now = new Date()): Promise<SeedReport> {
  const user = await createUserRepository(db).upsertFromGithub(
    {
      githubId: DEMO_GITHUB_USER.id,
      login: DEMO_GITHUB_USER.login,
      name: DEMO_GITHUB_USER.name,
      avatarUrl: DEMO_GITHUB_USER.avatar_url,
      location: DEMO_GITHUB_USER.location,
    },
    now,
  );
  const cities = createCityRepository(db);
  if ((await cities.listForUser(user.id)).length > 0) return { userId: user.id, seeded: false, samples: 0 };

  const snapshots = createSnapshotRepository(db);
  let samples = 0;
  for (const canned of CANNED_CITIES.filter((city) => DEMO_CITIES.includes(city.name))) {
    const city = { name: canned.name, country: canned.country, query: canned.name };
    const added = await cities.add(user.id, city, MAX_CITIES_PER_USER, now);
    if (added.ok) samples += await snapshots.insertSamples(syntheticMonth(canned, added.city.city_key, now));
  }
  return { userId: user.id, seeded: true, samples };
}

/**
 * Hourly samples on the hour for the HISTORY_DAYS up to `now`. Each value
 * depends only on the city and the hour, so the history is the same on every
 * machine and a re-seed agrees with what is already stored.
 */
export function syntheticMonth(city: CannedCity, cityKey: string, now: Date): Sample[] {
  const last = Math.floor(now.getTime() / HOUR_MS);
  const samples: Sample[] = [];
  for (let hour = last - HISTORY_DAYS * 24; hour <= last; hour++) {
    samples.push({
      city_key: cityKey,
      recorded_at: new Date(hour * HOUR_MS).toISOString(),
      temp_c: syntheticTemperature(city, hour),
      humidity: Math.min(100, Math.max(0, Math.round(city.humidity + 8 * Math.sin(hour / 7)))),
      description: city.condition.description,
    });
  }
  return samples;
}

/** The canned temperature, plus a day/night swing (warmest mid-afternoon UTC), a slow drift and a little noise. */
export function syntheticTemperature(city: CannedCity, hour: number): number {
  const hourOfDay = hour % 24;
  const daily = 4 * Math.sin((2 * Math.PI * (hourOfDay - 9)) / 24);
  const drift = 3 * Math.sin((2 * Math.PI * hour) / (24 * 9));
  const noise = (noiseFor(city.id * 100_003 + hour) - 0.5) * 1.5;
  return Math.round((city.temp + daily + drift + noise) * 10) / 10;
}
