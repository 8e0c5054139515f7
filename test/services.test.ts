/** createServices and buildApp: one set of services is one cache and one breaker, shared by whoever holds it. */
import { buildApp } from '../src/app.ts';
import type { SharedRedis } from '../src/redis/connection.ts';
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

  describe('Redis (REDIS_URL)', () => {
    const REDIS_URL = 'redis://127.0.0.1:1'; // never connected here: nothing starts the connection

    /** A connection as the services see it, whose PTTL reads are recorded (every hold: none). */
    function givenRedis() {
      const asked: string[] = [];
      const redis = {
        client: {
          pttl: async (key: string) => {
            asked.push(key);
            return -2;
          },
        },
        key: (...parts: string[]) => parts.join(':'),
        isUp: () => true,
        start: () => {},
        ping: async () => {},
        close: async () => {},
      } as unknown as SharedRedis;
      return { redis, asked };
    }

    test('without REDIS_URL: no Redis, even one given', async ({ config, db }) => {
      const services = createServices({ ...config, redisUrl: null }, { db, redis: givenRedis().redis });
      expect(services.redis).toBeNull();
    });

    test('with REDIS_URL and no connection given: their own, under "skydeck:", closed with them', async ({
      config,
      db,
    }) => {
      const services = createServices({ ...config, redisUrl: REDIS_URL }, { db });
      expect(services.redis?.key('weather', 'x')).toBe('skydeck:weather:x');
      expect(services.redis?.client.options.port).toBe(1);
      await services.close();
      expect(services.redis?.client.status).toBe('end');
    });

    test("with a connection given: that one, left open for its owner; each provider's holds under its own name", async ({
      config,
      db,
    }) => {
      const { redis, asked } = givenRedis();
      const services = createServices({ ...config, redisUrl: REDIS_URL }, { db, redis });
      expect(services.redis).toBe(redis);
      await services.github.signIn('gh_code_0123456789', 'v'.repeat(43)).catch(() => {});
      await services.weather.current('Dublin').catch(() => {});
      expect(new Set(asked)).toEqual(
        new Set([
          'upstream:github:paused_until',
          'upstream:github:open_until',
          'upstream:openweathermap:paused_until',
          'upstream:openweathermap:open_until',
        ]),
      );
      const close = vi.spyOn(redis, 'close');
      await services.close();
      expect(close).not.toHaveBeenCalled();
    });
  });
});
