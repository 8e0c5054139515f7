/** createServices and buildApp: one set of services is one cache and one breaker, shared by whoever holds it. */
import { buildApp } from '../src/app.ts';
import { createServices } from '../src/services.ts';
import { createSnapshotJob } from '../src/snapshots/job.ts';
import { describe, expect, test, vi } from './fixtures.ts';
import { saveCities } from './support/cities.ts';
import { openWeatherMap } from './support/openweathermap.ts';

describe('services', () => {
  test('an app given services answers from them: the app and the snapshot job share one cache', async ({
    config,
    db,
    schemaCompilers,
    upstream,
  }) => {
    const services = createServices(config, { db });
    const app = await buildApp(config, { services, schemaCompilers });
    try {
      expect((await app.inject({ url: '/weather?city=Dublin' })).statusCode).toBe(200);
      await db
        .insertInto('users')
        .values({ id: 7, github_id: 7, login: 'ana', created_at: '2026-11-27', updated_at: '2026-11-27' })
        .execute();
      await saveCities(db, 7, ['Dublin']);
      const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
      const { cities, snapshots, weather } = services;
      const report = await createSnapshotJob({ cities, snapshots, weather, log }).runOnce(new Date());
      expect(report.recorded).toBe(1);
      expect(upstream.sent).toHaveLength(1); // the job's Dublin came from the app's lookup
    } finally {
      await app.close();
    }
  });

  test('an app given services shares their breaker too', async ({ config, db, schemaCompilers, upstream }) => {
    const services = createServices(config, { db });
    const app = await buildApp(config, { services, schemaCompilers });
    try {
      upstream.use(openWeatherMap.status(500));
      for (const city of ['Dublin', 'Paris', 'Rome', 'Oslo', 'Cairo'])
        await services.weather.current(city).catch(() => {});
      const refused = await app.inject({ url: '/weather?city=Tokyo' });
      expect(refused.headers['retry-after']).toBe('30');
      expect(upstream.sent).toHaveLength(5);
    } finally {
      await app.close();
    }
  });

  test('apps built without services each build their own: nothing is shared between them', async ({
    config,
    db,
    schemaCompilers,
    upstream,
  }) => {
    const first = await buildApp(config, { db, schemaCompilers });
    const second = await buildApp(config, { db, schemaCompilers });
    try {
      await first.inject({ url: '/weather?city=Dublin' });
      await second.inject({ url: '/weather?city=Dublin' });
      expect(upstream.sent).toHaveLength(2);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
