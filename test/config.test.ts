import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseConfig } from '../src/config.js';
import { describe, expect, test, vi } from './fixtures.js';
import { TEST_ENV } from './support/config.js';

const PRODUCTION = {
  NODE_ENV: 'production',
  SECRET_KEY: 'x'.repeat(32),
  WEATHER_API_KEY: 'key',
  GITHUB_CLIENT_ID: 'id',
  GITHUB_CLIENT_SECRET: 'secret',
};

describe('parseConfig', () => {
  test('an empty environment gives the documented defaults and demo mode', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:3000',
      secureCookies: false,
      logLevel: 'info',
      databaseUrl: 'file:./data/skydeck.db',
      weather: {
        apiKey: null,
        apiUrl: 'https://api.openweathermap.org',
        timeoutMs: 5000,
        cache: { ttlS: 600, staleS: 3600, max: 10_000 },
      },
      github: { clientId: null, clientSecret: null, oauthUrl: 'https://github.com', apiUrl: 'https://api.github.com' },
      snapshotCron: '0 * * * *',
    });
  });

  test('without SECRET_KEY outside production, a random key per start and a warning', () => {
    const first = parseConfig({});
    const second = parseConfig({});
    expect(first.secretKey).toHaveLength(43);
    expect(first.secretKey).not.toBe(second.secretKey);
    expect(first.warnings).toEqual([expect.stringContaining('SECRET_KEY is not set')]);
  });

  test('the seed test values are read as given', () => {
    const config = parseConfig(TEST_ENV);
    expect(config.weather.apiKey).toBe('test_key');
    expect(config.github).toMatchObject({ clientId: 'test_client_id', clientSecret: 'test_client_secret' });
    expect(config.secretKey).toBe(TEST_ENV.SECRET_KEY);
    expect(config.warnings).toEqual([]);
  });

  test('PUBLIC_URL defaults to the PORT, loses its trailing slash, and https turns on Secure cookies', () => {
    expect(parseConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    const https = parseConfig({ PUBLIC_URL: 'https://skydeck.example.com/' });
    expect(https.publicUrl).toBe('https://skydeck.example.com');
    expect(https.secureCookies).toBe(true);
  });

  test('blank values count as unset, and values are trimmed', () => {
    const config = parseConfig({ PORT: '  ', WEATHER_API_KEY: '', HOST: ' 0.0.0.0 ' });
    expect(config.port).toBe(3000);
    expect(config.weather.apiKey).toBeNull();
    expect(config.host).toBe('0.0.0.0');
  });

  test('the weather cache settings are read as given; a stale window of 0 is allowed', () => {
    const config = parseConfig({ WEATHER_CACHE_TTL_S: '60', WEATHER_STALE_S: '0', WEATHER_CACHE_MAX: '50' });
    expect(config.weather.cache).toEqual({ ttlS: 60, staleS: 0, max: 50 });
  });

  test('accepts an in-memory database and six-field cron expressions', () => {
    const config = parseConfig({ DATABASE_URL: ':memory:', SNAPSHOT_CRON: '*/30 * * * * *' });
    expect(config.databaseUrl).toBe(':memory:');
    expect(config.snapshotCron).toBe('*/30 * * * * *');
  });

  test.for(['0 * * * *', '*/15 * * * *', '0 0 * * MON-FRI', '30 0 */6 * * *', '@daily'])(
    'SNAPSHOT_CRON "%s" is accepted',
    (expression) => {
      expect(parseConfig({ SNAPSHOT_CRON: expression }).snapshotCron).toBe(expression);
    },
  );

  test('production with every key set is valid and has no demo mode', () => {
    const config = parseConfig(PRODUCTION);
    expect(config.weather.apiKey).toBe('key');
    expect(config.github.clientId).toBe('id');
  });

  test.for<[string, Record<string, string>, string]>([
    ['PORT not a number', { PORT: 'abc' }, 'PORT must be a whole number, got "abc"'],
    ['PORT out of range', { PORT: '70000' }, 'PORT must be between 0 and 65535, got 70000'],
    ['PORT negative', { PORT: '-1' }, 'PORT must be a whole number, got "-1"'],
    ['PUBLIC_URL not a URL', { PUBLIC_URL: 'localhost:3000' }, 'PUBLIC_URL must use http or https'],
    ['PUBLIC_URL garbage', { PUBLIC_URL: 'not a url' }, 'PUBLIC_URL must be an absolute http(s) URL'],
    ['PUBLIC_URL with a query', { PUBLIC_URL: 'http://a.example/?x=1' }, 'PUBLIC_URL must not have a query'],
    ['WEATHER_API_URL ftp', { WEATHER_API_URL: 'ftp://example.com' }, 'WEATHER_API_URL must use http or https'],
    ['GITHUB_OAUTH_URL garbage', { GITHUB_OAUTH_URL: '::' }, 'GITHUB_OAUTH_URL must be an absolute'],
    ['GITHUB_API_URL garbage', { GITHUB_API_URL: 'nope' }, 'GITHUB_API_URL must be an absolute'],
    ['WEATHER_TIMEOUT_MS zero', { WEATHER_TIMEOUT_MS: '0' }, 'WEATHER_TIMEOUT_MS must be between 1 and 120000'],
    ['WEATHER_TIMEOUT_MS decimal', { WEATHER_TIMEOUT_MS: '1.5' }, 'WEATHER_TIMEOUT_MS must be a whole number'],
    [
      'WEATHER_CACHE_TTL_S zero',
      { WEATHER_CACHE_TTL_S: '0' },
      'WEATHER_CACHE_TTL_S must be between 1 and 86400, got 0',
    ],
    ['WEATHER_CACHE_TTL_S words', { WEATHER_CACHE_TTL_S: '10m' }, 'WEATHER_CACHE_TTL_S must be a whole number'],
    ['WEATHER_STALE_S negative', { WEATHER_STALE_S: '-5' }, 'WEATHER_STALE_S must be a whole number, got "-5"'],
    ['WEATHER_STALE_S over a week', { WEATHER_STALE_S: '604801' }, 'WEATHER_STALE_S must be between 0 and 604800'],
    ['WEATHER_CACHE_MAX zero', { WEATHER_CACHE_MAX: '0' }, 'WEATHER_CACHE_MAX must be between 1 and 1000000, got 0'],
    ['SECRET_KEY too short', { SECRET_KEY: 'short' }, 'SECRET_KEY must be at least 32 characters long, got 5'],
    [
      'LOG_LEVEL unknown',
      { LOG_LEVEL: 'loud' },
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    ],
    ['NODE_ENV unknown', { NODE_ENV: 'staging' }, 'NODE_ENV must be one of development, production, test'],
    [
      'DATABASE_URL postgres',
      { DATABASE_URL: 'postgres://db/skydeck' },
      'DATABASE_URL must be "file:<path>" or ":memory:"',
    ],
    ['DATABASE_URL empty file', { DATABASE_URL: 'file:' }, 'DATABASE_URL must be'],
    ['SNAPSHOT_CRON four fields', { SNAPSHOT_CRON: '0 * * *' }, 'SNAPSHOT_CRON must be a cron expression'],
    ['SNAPSHOT_CRON seven fields', { SNAPSHOT_CRON: '0 0 * * * * 2030' }, 'SNAPSHOT_CRON must be a cron expression'],
    [
      'SNAPSHOT_CRON minute 61',
      { SNAPSHOT_CRON: '61 * * * *' },
      'SNAPSHOT_CRON must be a cron expression with 5 or 6 fields, got "61 * * * *" (Invalid value for minute: 61)',
    ],
    ['SNAPSHOT_CRON hour 24', { SNAPSHOT_CRON: '0 24 * * *' }, 'SNAPSHOT_CRON must be a cron expression'],
    ['SNAPSHOT_CRON words', { SNAPSHOT_CRON: 'every hour please ok' }, 'SNAPSHOT_CRON must be a cron expression'],
    ['SNAPSHOT_CRON step of zero', { SNAPSHOT_CRON: '*/0 * * * *' }, 'SNAPSHOT_CRON must be a cron expression'],
    [
      'SNAPSHOT_CRON on February 30th',
      { SNAPSHOT_CRON: '0 0 30 2 *' },
      'SNAPSHOT_CRON never matches a time, got "0 0 30 2 *"',
    ],
    ['GitHub id without secret', { GITHUB_CLIENT_ID: 'id' }, 'GITHUB_CLIENT_SECRET is required when'],
    ['GitHub secret without id', { GITHUB_CLIENT_SECRET: 's' }, 'GITHUB_CLIENT_ID is required when'],
    ['production without SECRET_KEY', { ...PRODUCTION, SECRET_KEY: '' }, 'SECRET_KEY is required in production'],
    [
      'production without weather key',
      { ...PRODUCTION, WEATHER_API_KEY: '' },
      'WEATHER_API_KEY is required in production',
    ],
    [
      'production without GitHub',
      { ...PRODUCTION, GITHUB_CLIENT_ID: '', GITHUB_CLIENT_SECRET: '' },
      'GITHUB_CLIENT_ID is required in production',
    ],
  ])('%s is refused with one line naming the variable', ([, env, message]) => {
    let error: unknown;
    try {
      parseConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('loadConfig', () => {
  test('reads .env when present, and real environment variables win over it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'skydeck-env-'));
    const envFile = join(dir, '.env');
    writeFileSync(envFile, 'PORT=4321\nLOG_LEVEL=debug\n');
    vi.stubEnv('PORT', undefined);
    vi.stubEnv('LOG_LEVEL', 'warn');
    const config = loadConfig(envFile);
    expect(config.port).toBe(4321);
    expect(config.logLevel).toBe('warn');
  });

  test('works without a .env file', () => {
    vi.stubEnv('PORT', '5555');
    expect(loadConfig('/nonexistent/.env').port).toBe(5555);
  });
});
