/**
 * Everything the routes, the dashboard and the snapshot job share, built in
 * one place: the repositories over one database, the providers' clients
 * behind their guards (breaker, Retry-After), the weather cache, and the
 * metrics they count into. buildApp builds a set when it is given none; the
 * server builds one set and hands the same one to buildApp and to the
 * snapshot job, so they share one cache and one breaker per provider. Plugins
 * receive services, never the database: a route never builds a repository.
 * All the memory an app has lives here, so a fresh set is a fresh start.
 * With REDIS_URL, what instances share (the weather cache, the providers'
 * pauses and open breakers) goes through one Redis connection per set, each in
 * front of this set's own memory, which serves while Redis is away.
 */

import { sql } from 'kysely';
import {
  createGithubClient,
  type GithubClient,
  githubRefusal,
  githubSettings,
  judgeGithubError,
} from './auth/github.ts';
import { createOAuthAttemptStore, type OAuthAttemptStore } from './auth/oauth-attempts.ts';
import { createSessionStore, type SessionStore } from './auth/sessions.ts';
import { createUserRepository, type UserRepository } from './auth/users.ts';
import type { CacheEntry } from './cache/cached-lookup.ts';
import { type CacheStore, createMemoryStore } from './cache/store.ts';
import { type CityRepository, createCityRepository } from './cities/repository.ts';
import { type CityService, createCityService } from './cities/service.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { createProviderGuard, MAX_RETRY_AFTER_S, type SharedBackPressure } from './http/provider-guard.ts';
import { type Fetch, globalFetch } from './http/upstream.ts';
import { createMetrics, type Metrics, type UpstreamName } from './metrics/metrics.ts';
import { redisBackPressure } from './redis/back-pressure.ts';
import { createRedisCacheStore } from './redis/cache-store.ts';
import { type SharedRedis, sharedRedis } from './redis/connection.ts';
import { createSnapshotRepository, type SnapshotRepository } from './snapshots/repository.ts';
import { weatherClientFor } from './weather/configured-client.ts';
import { judgeWeatherError, weatherRefusal } from './weather/openweathermap.ts';
import { createWeatherService, isWeatherEntry, type WeatherService } from './weather/service.ts';

export interface Services {
  /** The database as /readyz sees it: answering, or not. */
  database: { ping(): Promise<void> };
  users: UserRepository;
  sessions: SessionStore;
  signInAttempts: OAuthAttemptStore;
  /** Saved cities: the table. */
  cities: CityRepository;
  /** Saved cities: the rules for adding one (checked with the weather provider). */
  cityRules: CityService;
  snapshots: SnapshotRepository;
  /** Current weather through the one cache every asker shares. */
  weather: WeatherService;
  github: GithubClient;
  metrics: Metrics;
  /** The connection to REDIS_URL (not started: buildApp starts it with its logger); null without REDIS_URL. */
  redis: SharedRedis | null;
  /** Closes what this set opened (the Redis connection); the database is its owner's to close. */
  close(): Promise<void>;
}

export interface ServiceDeps {
  /** A migrated database; its owner (start.ts or the test fixture) closes it. */
  db: Database;
  /** Outgoing HTTP; defaults to the global fetch, looked up at call time. */
  fetch?: Fetch;
  /** Defaults to a fresh registry without process metrics (the server asks for those). */
  metrics?: Metrics;
  /** With REDIS_URL, this connection instead of a new one (tests give keys a prefix of their own); its owner closes it. */
  redis?: SharedRedis;
}

export function createServices(config: Config, deps: ServiceDeps): Services {
  const { db } = deps;
  const fetch = deps.fetch ?? globalFetch;
  const metrics = deps.metrics ?? createMetrics();
  const cities = createCityRepository(db);
  const snapshots = createSnapshotRepository(db);
  const ownRedis = config.redisUrl !== null && !deps.redis ? sharedRedis({ url: config.redisUrl }) : null;
  const redis = config.redisUrl === null ? null : (deps.redis ?? ownRedis);
  const shared = (upstream: UpstreamName): SharedBackPressure | undefined =>
    redis ? redisBackPressure(redis, upstream, MAX_RETRY_AFTER_S * 1000) : undefined;
  const memory = createMemoryStore<CacheEntry>({ max: config.weather.cache.max });
  const store: CacheStore<CacheEntry> = redis
    ? createRedisCacheStore({ redis, namespace: 'weather', local: memory, isEntry: isWeatherEntry })
    : memory;
  const weather = createWeatherService({
    client: weatherClientFor(config, fetch),
    guard: createProviderGuard({
      upstream: 'openweathermap',
      metrics,
      judge: judgeWeatherError,
      refusal: weatherRefusal,
      shared: shared('openweathermap'),
    }),
    store,
    settings: config.weather.cache,
    metrics,
  });
  return {
    database: {
      async ping() {
        await sql`SELECT 1`.execute(db);
      },
    },
    users: createUserRepository(db),
    sessions: createSessionStore(db),
    signInAttempts: createOAuthAttemptStore(db),
    cities,
    cityRules: createCityService({ cities, snapshots, weather }),
    snapshots,
    weather,
    github: createGithubClient({
      ...githubSettings(config, fetch),
      guard: createProviderGuard({
        upstream: 'github',
        metrics,
        judge: judgeGithubError,
        refusal: githubRefusal,
        shared: shared('github'),
      }),
    }),
    metrics,
    redis,
    async close() {
      await ownRedis?.close();
    },
  };
}
