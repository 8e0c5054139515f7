import type { Database } from '../src/db/database.js';
import { DEMO_GITHUB_USER } from '../src/demo/github-data.js';
import { findCannedCity } from '../src/demo/openweathermap-data.js';
import { seedDemo, syntheticMonth } from '../src/demo-seed.js';
import { describe, expect, test } from './fixtures.js';
import { saveCities } from './support/cities.js';

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

  test('the history shows on the dashboard API as soon as the demo user signs in', async ({ services, loggedInAs }) => {
    const { userId } = await seedDemo(services, new Date());
    const client = await loggedInAs(userId, { username: 'skydeck-demo' });
    const [dublin] = (await client.get('/api/cities')).json();
    expect(dublin.name).toBe('Dublin');
    const history = (await client.get(`/api/cities/${dublin.id}/history`)).json();
    expect(history.days.length).toBeGreaterThan(0);
    expect(history.days.at(-1).date).toBe(new Date().toISOString().slice(0, 10)); // up to today
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

  test('is the same for the same hour, whenever it is generated', () => {
    const earlier = syntheticMonth(dublin, 'dublin|IE', NOW);
    const later = syntheticMonth(dublin, 'dublin|IE', new Date(NOW.getTime() + 5 * 3_600_000));
    expect(later.slice(0, -5)).toEqual(earlier.slice(5));
  });

  test('varies around the canned temperature, warmer by day than by night', () => {
    const samples = syntheticMonth(dublin, 'dublin|IE', NOW);
    const temps = samples.map((sample) => sample.temp_c);
    expect(Math.min(...temps)).toBeGreaterThan(dublin.temp - 10);
    expect(Math.max(...temps)).toBeLessThan(dublin.temp + 10);
    expect(new Set(temps).size).toBeGreaterThan(100);
    const meanAt = (hour: number) => {
      const at = samples.filter((sample) => new Date(sample.recorded_at).getUTCHours() === hour);
      return at.reduce((sum, sample) => sum + sample.temp_c, 0) / at.length;
    };
    expect(meanAt(15)).toBeGreaterThan(meanAt(3) + 5);
    const humidities = samples.map((sample) => sample.humidity ?? Number.NaN);
    expect(Math.min(...humidities)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...humidities)).toBeLessThanOrEqual(100);
  });
});
