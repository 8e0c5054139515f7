/**
 * Everything the routes, the dashboard and the snapshot job share, built in
 * one place: the repositories over one database, the providers' clients
 * behind their guards (breaker, Retry-After), the weather cache, and the
 * metrics they count into. buildApp builds a set when it is given none; the
 * server builds one set and hands the same one to buildApp and to the
 * snapshot job, so they share one cache and one breaker per provider. Plugins
 * receive services, never the database: a route never builds a repository.
 * All the memory an app has lives here, so a fresh set is a fresh start.
 */

import { sql } from 'kysely';
import {
  createGithubClient,
  type GithubClient,
  githubRefusal,
  githubSettings,
  judgeGithubError,
} from './auth/github.js';
import { createOAuthAttemptStore, type OAuthAttemptStore } from './auth/oauth-attempts.js';
import { createSessionStore, type SessionStore } from './auth/sessions.js';
import { createUserRepository, type UserRepository } from './auth/users.js';
import { createMemoryStore } from './cache/store.js';
import { type CityRepository, createCityRepository } from './cities/repository.js';
import { type CityService, createCityService } from './cities/service.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { createProviderGuard } from './http/provider-guard.js';
import { type Fetch, globalFetch } from './http/upstream.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { createSnapshotRepository, type SnapshotRepository } from './snapshots/repository.js';
import { weatherClientFor } from './weather/configured-client.js';
import { judgeWeatherError, weatherRefusal } from './weather/openweathermap.js';
import { createWeatherService, type WeatherService } from './weather/service.js';

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
}

export interface ServiceDeps {
  /** A migrated database; its owner (server.ts or the test fixture) closes it. */
  db: Database;
  /** Outgoing HTTP; defaults to the global fetch, looked up at call time. */
  fetch?: Fetch;
  /** Defaults to a fresh registry without process metrics (the server asks for those). */
  metrics?: Metrics;
}

export function createServices(config: Config, deps: ServiceDeps): Services {
  const { db } = deps;
  const fetch = deps.fetch ?? globalFetch;
  const metrics = deps.metrics ?? createMetrics();
  const cities = createCityRepository(db);
  const snapshots = createSnapshotRepository(db);
  const weather = createWeatherService({
    client: weatherClientFor(config, fetch),
    guard: createProviderGuard({
      upstream: 'openweathermap',
      metrics,
      judge: judgeWeatherError,
      refusal: weatherRefusal,
    }),
    // In-process; a store shared by several instances (Redis) is another CacheStore here.
    store: createMemoryStore({ max: config.weather.cache.max }),
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
      guard: createProviderGuard({ upstream: 'github', metrics, judge: judgeGithubError, refusal: githubRefusal }),
    }),
    metrics,
  };
}
