/**
 * Demo mode's first-run data, so the dashboard shows something the moment
 * someone signs in through the demo GitHub: the demo user, two saved cities,
 * and a month of hourly history ending now. Idempotent: once the demo user
 * has saved cities (seeded or their own), it adds nothing.
 *
 * It lives beside start.ts, its only caller, rather than in demo/: it writes
 * through three features' repositories, so it sits above them all, while
 * demo/ stays canned data and fake providers that any feature may import.
 */
import { MAX_CITIES_PER_USER } from './cities/service.ts';
import { DEMO_GITHUB_USER } from './demo/github-data.ts';
import { uniform } from './demo/noise.ts';
import { CANNED_CITIES, type CannedCity } from './demo/openweathermap-data.ts';
import type { Services } from './services.ts';
import type { Sample } from './snapshots/repository.ts';

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

export type SeedRepositories = Pick<Services, 'users' | 'cities' | 'snapshots'>;

export async function seedDemo({ users, cities, snapshots }: SeedRepositories, now = new Date()): Promise<SeedReport> {
  const user = await users.upsertFromGithub(
    {
      githubId: DEMO_GITHUB_USER.id,
      login: DEMO_GITHUB_USER.login,
      name: DEMO_GITHUB_USER.name,
      avatarUrl: DEMO_GITHUB_USER.avatar_url,
      location: DEMO_GITHUB_USER.location,
    },
    now,
  );
  if ((await cities.listForUser(user.id)).length > 0) return { userId: user.id, seeded: false, samples: 0 };

  let samples = 0;
  for (const canned of CANNED_CITIES.filter((city) => DEMO_CITIES.includes(city.name))) {
    const city = { name: canned.name, country: canned.country, query: canned.name };
    const added = await cities.add(user.id, city, MAX_CITIES_PER_USER, now);
    // Stryker disable next-line ConditionalExpression: a user with no cities is never refused the demo's few
    if (added.ok) samples += await snapshots.insertSamples(syntheticMonth(canned, added.city.city_key, now));
  }
  return { userId: user.id, seeded: true, samples };
}

/**
 * Hourly samples on the hour for the HISTORY_DAYS up to `now`. Each value
 * depends only on the city and the hour, so the history is the same on every
 * machine and every run, and a re-seed agrees with what is already stored.
 */
export function syntheticMonth(city: CannedCity, cityKey: string, now: Date): Sample[] {
  const last = Math.floor(now.getTime() / HOUR_MS);
  const samples: Sample[] = [];
  for (let hour = last - HISTORY_DAYS * 24; hour <= last; hour++) {
    samples.push({
      city_key: cityKey,
      recorded_at: new Date(hour * HOUR_MS).toISOString(),
      temp_c: syntheticTemperature(city, hour),
      humidity: syntheticHumidity(city, hour),
      description: city.condition.description,
    });
  }
  return samples;
}

/*
 * Weather-like, not a sine wave. Each day's mean wanders away from the canned
 * temperature and is pulled back (a mean-reverting random walk: each day keeps
 * WALK_MEMORY of yesterday's departure and adds a seeded step of up to ±WALK_STEP),
 * each day has its own swing between night and afternoon (clear days swing more),
 * at the city's local hours, and the hours carry a little noise. The steps come
 * from a seeded generator addressed by (city, day), so any hour can be computed
 * alone: the walk is summed over its last WALK_DAYS steps (older ones weigh
 * under 1%), never run from some first day.
 */
const WALK_MEMORY = 0.7;
const WALK_STEP = 3;
const WALK_DAYS = 14;
/** Half the difference between a day's afternoon and its night, in °C: from MIN to MIN + SPREAD. */
const SWING_MIN = 2.5;
const SWING_SPREAD = 3;
const HOUR_NOISE = 0.4;
/** Independent streams of the generator, so a day's step and its swing are unrelated. */
const STREAM = { step: 1, swing: 2, hour: 3, humidity: 4 } as const;

/** The temperature at `hour` (hours since the epoch, UTC). */
export function syntheticTemperature(city: CannedCity, hour: number): number {
  const local = hour + Math.round(city.utcOffsetS / 3600);
  const day = Math.floor(local / 24);
  // Midnight is not a cliff: the day's mean slides towards the next day's through the day.
  const through = (local - day * 24) / 24;
  const mean = dayDeparture(city, day) * (1 - through) + dayDeparture(city, day + 1) * through;
  const noise = (uniform(city.id, hour, STREAM.hour) - 0.5) * 2 * HOUR_NOISE;
  return Math.round((city.temp + mean + dailyCycle(city, local) + noise) * 10) / 10;
}

/** Relative humidity: highest in the cool of the night, lowest in the afternoon, never outside 0–100. */
export function syntheticHumidity(city: CannedCity, hour: number): number {
  const local = hour + Math.round(city.utcOffsetS / 3600);
  const noise = (uniform(city.id, hour, STREAM.humidity) - 0.5) * 6;
  return Math.min(100, Math.max(0, Math.round(city.humidity - 2 * dailyCycle(city, local) + noise)));
}

/** The day's mean minus the canned temperature: the walk's position on that (local) day. */
function dayDeparture(city: CannedCity, day: number): number {
  let departure = 0;
  for (let k = 0; k < WALK_DAYS; k++) {
    departure += WALK_MEMORY ** k * (uniform(city.id, day - k, STREAM.step) - 0.5) * 2 * WALK_STEP;
  }
  return departure;
}

/** Warmest mid-afternoon, coldest before dawn, by the day's own swing. */
function dailyCycle(city: CannedCity, localHour: number): number {
  const day = Math.floor(localHour / 24);
  const swing = SWING_MIN + uniform(city.id, day, STREAM.swing) * SWING_SPREAD;
  // Peaks at 15:00, lowest at 03:00; the sine's period is the day, so the hour of the day needs no working out.
  return swing * Math.sin((2 * Math.PI * (localHour - 9)) / 24);
}
