import { type Config, parseConfig } from '../../src/config.ts';

/** The seed's test values, plus what Skydeck adds. Tests never read process.env. */
export const TEST_ENV = {
  NODE_ENV: 'test',
  SECRET_KEY: 'test-secret-not-for-production-0123456789',
  WEATHER_API_KEY: 'test_key',
  GITHUB_CLIENT_ID: 'test_client_id',
  GITHUB_CLIENT_SECRET: 'test_client_secret',
  DATABASE_URL: ':memory:',
  LOG_LEVEL: 'silent',
  PUBLIC_URL: 'http://localhost:3000',
  // Off: the worker's apps are shared by every test (support/apps.ts), so their counters would carry over.
  // Limit tests build an app of their own, with a fresh store (test/http/rate-limit.test.ts).
  RATE_LIMIT_PER_MINUTE: '0',
} as const;

export function testConfig(overrides: Record<string, string | undefined> = {}): Config {
  return parseConfig({ ...TEST_ENV, ...overrides });
}
