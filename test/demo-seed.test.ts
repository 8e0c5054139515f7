import type { Database } from '../src/db/database.ts';
import { DEMO_GITHUB_USER } from '../src/demo/github-data.ts';
import { CANNED_CITIES, type CannedCity, findCannedCity } from '../src/demo/openweathermap-data.ts';
import { seedDemo, syntheticMonth } from '../src/demo-seed.ts';
import { describe, expect, test } from './fixtures.ts';
import { saveCities } from './support/cities.ts';

const NOW = new Date('2026-11-27T10:20:00Z');

async function counts(db: Database) {
  const count = async (table: 'users' | 'cities' | 'weather_samples') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { users: await count('users'), cities: await count('cities'), samples: await count('weather_samples') };
}

describe('the demo seed', () => {
  test('creates the demo user with Dublin and Tokyo and 30 days of hourly samples ending now', async ({
    db,
    services,
  }) => {
    const report = await seedDemo(services, NOW);

    const user = await db.selectFrom('users').selectAll().where('id', '=', report.userId).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ github_id: DEMO_GITHUB_USER.id, login: 'skydeck-demo', name: 'Demo User' });
    const cities = await db.selectFrom('cities').selectAll().where('user_id', '=', user.id).orderBy('id').execute();
    expect(cities.map((city) => [city.name, city.country, city.city_key])).toEqual([
      ['Dublin', 'IE', 'dublin|IE'],
      ['Tokyo', 'JP', 'tokyo|JP'],
    ]);
    expect(report).toEqual({ userId: user.id, seeded: true, samples: 2 * (30 * 24 + 1) });

    const dublin = await db
      .selectFrom('weather_samples')
      .select(['recorded_at', 'temp_c'])
      .where('city_key', '=', 'dublin|IE')
      .orderBy('recorded_at')
      .execute();
    expect(dublin).toHaveLength(30 * 24 + 1);
    expect(dublin[0]!.recorded_at).toBe('2026-10-28T10:00:00.000Z');
    expect(dublin.at(-1)!.recorded_at).toBe('2026-11-27T10:00:00.000Z'); // the last whole hour, not the future
  });

  test('the history shows on the dashboard API as soon as the demo user signs in', async ({
    services,
    loggedInAs,
    clock,
  }) => {
    clock.set('2026-12-01T00:30:00.000Z'); // the hardest hour: the month so far has only one whole hour
    const { userId } = await seedDemo(services, new Date());
    const client = await loggedInAs(userId, { username: 'skydeck-demo' });
    const [dublin] = (await client.get('/api/cities')).json();
    expect(dublin.name).toBe('Dublin');
    const history = (await client.get(`/api/cities/${dublin.id}/history`)).json();
    expect(history.month).toBe('2026-12');
    expect(history.days).toEqual([expect.objectContaining({ date: '2026-12-01', samples: 1 })]); // up to today
  });

  test('running it again adds nothing, later or at once', async ({ db, services }) => {
    const first = await seedDemo(services, NOW);
    const before = await counts(db);
    expect(await seedDemo(services, NOW)).toEqual({ userId: first.userId, seeded: false, samples: 0 });
    expect(await seedDemo(services, new Date('2026-12-05T08:00:00Z'))).toMatchObject({ seeded: false });
    expect(await counts(db)).toEqual(before);
  });

  test('a demo user who already has cities of their own gets none added', async ({ db, services }) => {
    const { userId } = await seedDemo(services, NOW);
    await db.deleteFrom('cities').execute();
    await saveCities(db, userId, ['Paris']);
    expect(await seedDemo(services, NOW)).toMatchObject({ seeded: false });
    const names = await db.selectFrom('cities').select('name').where('user_id', '=', userId).execute();
    expect(names).toEqual([{ name: 'Paris' }]);
  });
});

describe('synthetic history', () => {
  const dublin = findCannedCity('Dublin')!;

  /** The temperatures of each whole UTC day (24 hourly samples), in order. */
  function days(city: CannedCity): number[][] {
    const temps = syntheticMonth(city, 'key', NOW).map((sample) => sample.temp_c);
    return Array.from({ length: Math.floor(temps.length / 24) }, (_, d) => temps.slice(d * 24, d * 24 + 24));
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  /** How alike a series is to itself `lag` days later (1: the same shape, 0: unrelated). */
  function autocorrelation(series: number[], lag: number): number {
    const m = mean(series);
    const together = series.slice(lag).reduce((sum, value, i) => sum + (value - m) * (series[i]! - m), 0);
    return together / series.reduce((sum, value) => sum + (value - m) ** 2, 0);
  }

  test('is the same for the same hour, whenever and however often it is generated', () => {
    const earlier = syntheticMonth(dublin, 'dublin|IE', NOW);
    const later = syntheticMonth(dublin, 'dublin|IE', new Date(NOW.getTime() + 5 * 3_600_000));
    expect(later.slice(0, -5)).toEqual(earlier.slice(5));
    expect(syntheticMonth(dublin, 'dublin|IE', NOW)).toEqual(earlier);
    // Pinned: the same numbers on every machine and every run.
    expect(earlier.slice(0, 3).map((sample) => [sample.temp_c, sample.humidity])).toEqual(PINNED_DUBLIN);
  });

  test.for(CANNED_CITIES.map((city) => city.name))('%s: plausible, hour to hour and day to day', (name) => {
    const city = findCannedCity(name)!;
    const samples = syntheticMonth(city, 'key', NOW);
    const temps = samples.map((sample) => sample.temp_c);
    // Within a month's worth of weather of the canned temperature, and never a jump.
    expect(Math.min(...temps)).toBeGreaterThanOrEqual(city.temp - 16);
    expect(Math.max(...temps)).toBeLessThanOrEqual(city.temp + 16);
    for (const [i, temp] of temps.entries()) if (i > 0) expect(Math.abs(temp - temps[i - 1]!)).toBeLessThanOrEqual(5);
    const means = days(city).map(mean);
    for (const [i, m] of means.entries()) if (i > 0) expect(Math.abs(m - means[i - 1]!)).toBeLessThanOrEqual(6);
    const humidities = samples.map((sample) => sample.humidity ?? Number.NaN);
    expect(Math.min(...humidities)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...humidities)).toBeLessThanOrEqual(100);
  });

  test.for(CANNED_CITIES.map((city) => city.name))('%s: weather, not a sine wave', (name) => {
    const city = findCannedCity(name)!;
    const byDay = days(city);
    // Days differ in their swing between night and afternoon…
    const swings = byDay.map((temps) => Math.max(...temps) - Math.min(...temps));
    expect(Math.max(...swings) - Math.min(...swings)).toBeGreaterThan(2);
    // …and their means wander: no period repeats them (the old history drifted on a 9-day sine).
    const means = byDay.map(mean);
    expect(new Set(means.map((m) => Math.round(m))).size).toBeGreaterThan(3);
    for (const lag of [7, 8, 9, 10]) expect(autocorrelation(means, lag)).toBeLessThan(0.5);
  });

  test('warmer in the local afternoon than before dawn', () => {
    for (const city of CANNED_CITIES) {
      const offset = Math.round(city.utcOffsetS / 3600); // to the hour: Mumbai's 5:30 counts as 6
      const samples = syntheticMonth(city, 'key', NOW);
      const meanAtLocal = (hour: number) =>
        mean(
          samples
            .filter((sample) => (new Date(sample.recorded_at).getUTCHours() + offset + 24) % 24 === hour)
            .map((sample) => sample.temp_c),
        );
      expect(meanAtLocal(15), city.name).toBeGreaterThan(meanAtLocal(3) + 4);
    }
  });

  test('more humid before dawn than in the local afternoon', () => {
    for (const city of CANNED_CITIES) {
      const offset = Math.round(city.utcOffsetS / 3600);
      const samples = syntheticMonth(city, 'key', NOW);
      const meanAtLocal = (hour: number) =>
        mean(
          samples
            .filter((sample) => (new Date(sample.recorded_at).getUTCHours() + offset + 24) % 24 === hour)
            .map((sample) => sample.humidity ?? Number.NaN),
        );
      expect(meanAtLocal(3), city.name).toBeGreaterThan(meanAtLocal(15) + 8);
    }
  });

  test('pinned over the whole month: every hour of it, not only the first', () => {
    // The sum of Tokyo's 721 temperatures in tenths of a degree: one hour computed differently moves it.
    const samples = syntheticMonth(findCannedCity('Tokyo')!, 'key', NOW);
    expect(samples).toHaveLength(721);
    expect(samples.reduce((sum, sample) => sum + Math.round(sample.temp_c * 10), 0)).toBe(101_983);
    expect(samples.reduce((sum, sample) => sum + (sample.humidity ?? 0), 0)).toBe(47_644);
  });

  test('each city has its own weather', () => {
    const departures = (city: CannedCity) => days(city).map((temps) => Math.round((mean(temps) - city.temp) * 10));
    expect(departures(findCannedCity('London')!)).not.toEqual(departures(dublin));
  });
});

/** Dublin's first three hours of the month to NOW (from 2026-10-28 10:00 UTC): temperature and humidity. */
const PINNED_DUBLIN: Array<[number, number]> = [
  [12.9, 79],
  [13.7, 79],
  [14.9, 79],
];
