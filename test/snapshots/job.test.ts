/**
 * The snapshot job, driven directly with runOnce(now): no scheduler, no app.
 * What upstream answers per city is set with msw, as in the route tests.
 */
import { HttpResponse, http } from 'msw';
import { createUserRepository } from '../../src/auth/users.ts';
import { createCityRepository } from '../../src/cities/repository.ts';
import type { Database } from '../../src/db/database.ts';
import type { Services } from '../../src/services.ts';
import { monthHistory } from '../../src/snapshots/history.ts';
import { createSnapshotJob, RunAbandoned } from '../../src/snapshots/job.ts';
import { createSnapshotRepository } from '../../src/snapshots/repository.ts';
import type { Weather } from '../../src/weather/openweathermap.ts';
import type { WeatherService } from '../../src/weather/service.ts';
import { describe, expect, test, vi } from '../fixtures.ts';
import { saveCities } from '../support/cities.ts';
import { eventually } from '../support/eventually.ts';
import { OWM_URL } from '../support/openweathermap.ts';

/** The job over the test's services (msw answers the weather), or over `weather` when the HTTP is beside the point. */
function snapshotJob(services: Services, weather: Pick<WeatherService, 'current'> = services.weather) {
  const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const job = createSnapshotJob({ cities: services.cities, snapshots: services.snapshots, weather, log });
  return { job, log };
}

/** A fresh answer, as the cache gives one straight from the provider. */
function answered(weather: Weather) {
  return { value: weather, ageS: 0, freshForS: 600, stale: false };
}

/** A weather client that answers at once, with each temperature of `temps` in turn (then the last again). */
function stubWeather(temps: number[] = [11.5]): Pick<WeatherService, 'current'> & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    current: async (city) => {
      asked.push(city);
      const temp_c = temps[Math.min(asked.length - 1, temps.length - 1)]!;
      return answered({ ...DUBLIN_WEATHER, city, temp_c });
    },
  };
}

const DUBLIN_WEATHER: Weather = {
  utc_offset_s: 0,
  city: 'Dublin',
  country: 'IE',
  temp_c: 11.5,
  feels_like_c: null,
  humidity: 82,
  wind_ms: null,
  description: 'broken clouds',
  icon: null,
  observed_at: null,
};

async function addUser(db: Database, login: string): Promise<number> {
  const user = await createUserRepository(db).upsertFromGithub({
    githubId: login.length * 1000 + login.charCodeAt(0),
    login,
    name: null,
    avatarUrl: null,
    location: null,
  });
  return user.id;
}

function samples(db: Database) {
  return db.selectFrom('weather_samples').selectAll().orderBy('recorded_at').orderBy('city_key').execute();
}

/** Answers OpenWeatherMap requests for the named cities with `answer`; the rest fall through to the canned data. */
function failing(answers: Record<string, () => Response>) {
  return http.get(OWM_URL, ({ request }) => answers[new URL(request.url).searchParams.get('q') ?? '']?.());
}

const queriesSent = (sent: Request[]) => sent.map((request) => new URL(request.url).searchParams.get('q')).sort();

describe('a snapshot run', () => {
  test('records every saved city once, however many users saved it, at the run time', async ({
    db,
    services,
    upstream,
  }) => {
    await saveCities(db, await addUser(db, 'ana'), ['Dublin', 'Tokyo']);
    await saveCities(db, await addUser(db, 'bo'), ['Paris', 'Dublin']);
    const { job } = snapshotJob(services);

    const report = await job.runOnce(new Date('2026-11-27T13:00:00Z'));

    expect(queriesSent(upstream.sent)).toEqual(['Dublin', 'Paris', 'Tokyo']);
    expect(report).toEqual({ cities: 3, recorded: 3, failed: [], summarised: [], pruned: 0 });
    const at = '2026-11-27T13:00:00.000Z';
    expect(await samples(db)).toEqual([
      { city_key: 'dublin|IE', recorded_at: at, temp_c: 11.5, humidity: 82, description: 'broken clouds' },
      { city_key: 'paris|FR', recorded_at: at, temp_c: 13.8, humidity: 71, description: 'broken clouds' },
      { city_key: 'tokyo|JP', recorded_at: at, temp_c: 15.1, humidity: 66, description: 'broken clouds' },
    ]);
  });

  test('asks upstream with what the user typed, which is what resolved to the city', async ({
    db,
    services,
    upstream,
  }) => {
    const user = await addUser(db, 'ana');
    await createCityRepository(db).add(user, { name: 'São Paulo', country: 'BR', query: 'sao paulo' }, 20);
    await snapshotJob(services).job.runOnce(new Date('2026-11-27T13:00:00Z'));
    expect(queriesSent(upstream.sent)).toEqual(['sao paulo']);
  });

  test('with no saved cities, sends nothing and records nothing', async ({ services, upstream }) => {
    const report = await snapshotJob(services).job.runOnce(new Date('2026-11-27T13:00:00Z'));
    expect(report).toMatchObject({ cities: 0, recorded: 0, failed: [] });
    expect(upstream.sent).toEqual([]);
  });

  test('a failing city is logged and skipped; the others are recorded all the same', async ({
    db,
    services,
    upstream,
  }) => {
    await saveCities(db, await addUser(db, 'ana'), ['Dublin', 'Tokyo', 'Paris', 'Oslo']);
    upstream.use(
      failing({
        Tokyo: () => HttpResponse.json({ cod: 500, message: 'oops' }, { status: 500 }),
        Paris: () => HttpResponse.error(),
        Oslo: () => HttpResponse.json({ cod: '404', message: 'city not found' }, { status: 404 }),
      }),
    );
    const { job, log } = snapshotJob(services);

    const report = await job.runOnce(new Date('2026-11-27T13:00:00Z'));

    expect(report).toMatchObject({ cities: 4, recorded: 1, failed: ['Oslo', 'Paris', 'Tokyo'] });
    expect((await samples(db)).map((row) => row.city_key)).toEqual(['dublin|IE']);
    expect(log.warn).toHaveBeenCalledTimes(3);
    expect(log.warn).toHaveBeenCalledWith(
      { city: 'Tokyo', reason: 'OpenWeatherMap answered 500' },
      'snapshot: weather lookup failed, city skipped',
    );
    // The key never reaches the log.
    expect(JSON.stringify(log.warn.mock.calls)).not.toContain('test_key');
  });

  test("stops asking once the provider's breaker opens: the rest are skipped at once, and logged", async ({
    db,
    services,
    upstream,
  }) => {
    const names = ['Dublin', 'London', 'Paris', 'Berlin', 'Madrid', 'Rome', 'Oslo', 'Reykjavik', 'Tokyo', 'Cairo'];
    await saveCities(db, await addUser(db, 'ana'), names);
    upstream.use(http.get(OWM_URL, () => HttpResponse.json({ cod: 500 }, { status: 500 })));
    const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const { cities, snapshots, weather } = services;
    const job = createSnapshotJob({ cities, snapshots, weather, log, concurrency: 1 });

    const report = await job.runOnce(new Date('2026-11-27T13:00:00Z'));

    expect(upstream.sent).toHaveLength(5); // the breaker's threshold, then no more
    expect(report).toMatchObject({ cities: 10, recorded: 0 });
    expect(report.failed).toHaveLength(10);
    const reasons = log.warn.mock.calls.map(([details]) => (details as { reason: string }).reason);
    expect(reasons.filter((reason) => reason === 'OpenWeatherMap answered 500')).toHaveLength(5);
    expect(reasons.filter((reason) => reason.startsWith('OpenWeatherMap is not being asked for'))).toHaveLength(5);
  });

  test('a city looked up within the TTL is recorded from the cache, without asking the provider', async ({
    db,
    services,
    upstream,
  }) => {
    await saveCities(db, await addUser(db, 'ana'), ['Dublin']);
    await services.weather.current('dublin'); // someone looked at Dublin just now
    await snapshotJob(services).job.runOnce(new Date());
    expect(upstream.sent).toHaveLength(1);
    expect(await samples(db)).toHaveLength(1);
  });

  test('an abandoned run asks for nothing more and writes nothing', async ({ db, services, upstream }) => {
    await saveCities(db, await addUser(db, 'ana'), ['Dublin', 'Tokyo']);
    const { job } = snapshotJob(services);
    await expect(job.runOnce(new Date(), AbortSignal.abort())).rejects.toBeInstanceOf(RunAbandoned);
    expect(upstream.sent).toEqual([]);
    expect(await samples(db)).toEqual([]);
  });

  test('keeps at most 4 requests in flight at once', async ({ db, services }) => {
    const names = ['Dublin', 'London', 'Paris', 'Berlin', 'Madrid', 'Rome', 'Oslo', 'Reykjavik', 'Tokyo', 'Cairo'];
    await saveCities(db, await addUser(db, 'ana'), names);
    let inFlight = 0;
    let most = 0;
    const slow: Pick<WeatherService, 'current'> = {
      current: async (city) => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return answered({ ...DUBLIN_WEATHER, city });
      },
    };
    const report = await snapshotJob(services, slow).job.runOnce(new Date('2026-11-27T13:00:00Z'));
    expect(report.recorded).toBe(10);
    expect(most).toBe(4);
  });

  test('running twice at the same moment records nothing twice', async ({ db, services }) => {
    await saveCities(db, await addUser(db, 'ana'), ['Dublin']);
    const { job } = snapshotJob(services, stubWeather());
    await job.runOnce(new Date('2026-11-27T13:00:00Z'));
    await job.runOnce(new Date('2026-11-27T13:00:00Z'));
    expect(await samples(db)).toHaveLength(1);
  });
});

describe('monthly summaries', () => {
  test('the first run of a month summarises the month that closed, day by day, once', async ({ db, services }) => {
    await saveCities(db, await addUser(db, 'ana'), ['Dublin', 'Tokyo']);
    const { job } = snapshotJob(services, stubWeather());
    await job.runOnce(new Date('2026-11-29T10:00:00Z'));
    await job.runOnce(new Date('2026-11-30T23:00:00Z'));
    expect((await job.runOnce(new Date('2026-11-30T23:59:59Z'))).summarised).toEqual([]); // still November

    const report = await job.runOnce(new Date('2026-12-01T00:00:00Z'));

    expect(report.summarised).toEqual(['dublin|IE 2026-11', 'tokyo|JP 2026-11']);
    const summary = await createSnapshotRepository(db).findSummary('dublin|IE', '2026-11');
    expect(summary).toEqual({
      city_key: 'dublin|IE',
      month: '2026-11',
      min_c: 11.5,
      max_c: 11.5,
      avg_c: 11.5,
      samples: 3,
      days: [
        { date: '2026-11-29', min_c: 11.5, max_c: 11.5, avg_c: 11.5, samples: 1 },
        { date: '2026-11-30', min_c: 11.5, max_c: 11.5, avg_c: 11.5, samples: 2 },
      ],
    });
    expect((await job.runOnce(new Date('2026-12-01T01:00:00Z'))).summarised).toEqual([]);
    // December's samples stay raw: its month has not closed.
    expect(await createSnapshotRepository(db).findSummary('dublin|IE', '2026-12')).toBeUndefined();
  });

  test('summary statistics are min, max and average over the month', async ({ db, services }) => {
    await saveCities(db, await addUser(db, 'ana'), ['Dublin']);
    const { job } = snapshotJob(services, stubWeather([4, -1, 10.25, 30]));
    await job.runOnce(new Date('2026-10-01T12:00:00Z'));
    await job.runOnce(new Date('2026-10-01T13:00:00Z'));
    await job.runOnce(new Date('2026-10-31T23:00:00Z'));
    await job.runOnce(new Date('2026-11-01T00:00:00Z')); // 30 °C, but in November
    expect(await createSnapshotRepository(db).findSummary('dublin|IE', '2026-10')).toEqual({
      city_key: 'dublin|IE',
      month: '2026-10',
      min_c: -1,
      max_c: 10.25,
      avg_c: 4.42,
      samples: 3,
      days: [
        { date: '2026-10-01', min_c: -1, max_c: 4, avg_c: 1.5, samples: 2 },
        { date: '2026-10-31', min_c: 10.25, max_c: 10.25, avg_c: 10.25, samples: 1 },
      ],
    });
  });

  test('a month missed while the server was down is summarised at the next run', async ({ db, services }) => {
    await saveCities(db, await addUser(db, 'ana'), ['Dublin']);
    const { job } = snapshotJob(services, stubWeather());
    await job.runOnce(new Date('2026-09-15T00:00:00Z'));
    await job.runOnce(new Date('2026-10-15T00:00:00Z')); // summarises September
    const report = await job.runOnce(new Date('2026-12-05T00:00:00Z')); // October closed, November had no runs
    expect(report.summarised).toEqual(['dublin|IE 2026-10']);
  });
});

describe('retention', () => {
  test('samples older than 90 days are pruned; their months stay, as summaries', async ({ db, services }) => {
    await saveCities(db, await addUser(db, 'ana'), ['Dublin']);
    const { job } = snapshotJob(services, stubWeather());
    await job.runOnce(new Date('2026-08-01T00:00:00Z'));
    await job.runOnce(new Date('2026-08-02T00:00:00Z'));
    await job.runOnce(new Date('2026-09-01T12:00:00Z')); // summarises August

    // 2026-10-30 00:00 is exactly 90 days after the first sample: it is kept.
    expect((await job.runOnce(new Date('2026-10-30T00:00:00Z'))).pruned).toBe(0);
    // A day later both August samples are past 90 days.
    expect((await job.runOnce(new Date('2026-10-31T00:00:00.001Z'))).pruned).toBe(2);

    const left = await samples(db);
    expect(left.map((row) => row.recorded_at)).toEqual([
      '2026-09-01T12:00:00.000Z',
      '2026-10-30T00:00:00.000Z',
      '2026-10-31T00:00:00.001Z',
    ]);
    expect(await monthHistory(createSnapshotRepository(db), 'dublin|IE', '2026-08')).toEqual([
      { date: '2026-08-01', min_c: 11.5, max_c: 11.5, avg_c: 11.5, samples: 1 },
      { date: '2026-08-02', min_c: 11.5, max_c: 11.5, avg_c: 11.5, samples: 1 },
    ]);
  });

  test('a month whose summary was never written is summarised before its samples are pruned', async ({
    db,
    services,
  }) => {
    await saveCities(db, await addUser(db, 'ana'), ['Dublin']);
    const { job } = snapshotJob(services, stubWeather());
    await job.runOnce(new Date('2026-05-10T00:00:00Z'));
    const report = await job.runOnce(new Date('2026-12-01T00:00:00Z')); // down for months
    expect(report).toMatchObject({ summarised: ['dublin|IE 2026-05'], pruned: 1 });
    expect(await monthHistory(createSnapshotRepository(db), 'dublin|IE', '2026-05')).toHaveLength(1);
  });
});

describe('a run cut short', () => {
  test('keeps the samples of the cities it reached: each is stored as its lookup comes in', async ({
    db,
    services,
  }) => {
    const user = await addUser(db, 'ana');
    await saveCities(db, user, ['Dublin', 'Tokyo']);
    let answerTokyo: (weather: Weather) => void = () => {};
    const weather: Pick<WeatherService, 'current'> = {
      current: async (city) =>
        answered(city === 'Dublin' ? DUBLIN_WEATHER : await new Promise<Weather>((resolve) => (answerTokyo = resolve))),
    };
    const { job } = snapshotJob(services, weather);
    const run = job.runOnce(new Date('2026-11-27T11:00:00.000Z'));

    // Tokyo's lookup is still out (a process killed now would never finish it), yet Dublin is already stored.
    await eventually(async () => expect((await samples(db)).map((row) => row.city_key)).toEqual(['dublin|IE']));

    answerTokyo({ ...DUBLIN_WEATHER, city: 'Tokyo', country: 'JP' });
    expect((await run).recorded).toBe(2);
    expect(await samples(db)).toHaveLength(2);
  });
});
