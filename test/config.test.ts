import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { onTestFinished } from 'vitest';
import { type Config, ConfigError, loadConfig, parseConfig } from '../src/config.ts';
import { describe, expect, test, vi } from './fixtures.ts';
import { TEST_ENV } from './support/config.ts';

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
      metricsToken: null,
      rateLimitPerMinute: 300,
      trustProxy: false,
    });
  });

  test('without SECRET_KEY outside production, a random key per start and a warning', () => {
    const first = parseConfig({});
    const second = parseConfig({});
    expect(first.secretKeys).toHaveLength(1);
    expect(first.secretKeys[0]).toHaveLength(43);
    expect(first.secretKeys).not.toEqual(second.secretKeys);
    expect(first.warnings).toEqual([expect.stringContaining('SECRET_KEY is not set')]);
  });

  test('the seed test values are read as given', () => {
    const config = parseConfig(TEST_ENV);
    expect(config.weather.apiKey).toBe('test_key');
    expect(config.github).toMatchObject({ clientId: 'test_client_id', clientSecret: 'test_client_secret' });
    expect(config.secretKeys).toEqual([TEST_ENV.SECRET_KEY]);
    expect(config.warnings).toEqual([]);
  });

  test('SECRET_KEY may hold several comma-separated keys (rotation): trimmed, in order, the first one signs', () => {
    const [current, previous] = ['n'.repeat(32), 'o'.repeat(40)];
    expect(parseConfig({ SECRET_KEY: `${current}, ${previous} ` }).secretKeys).toEqual([current, previous]);
  });

  test.for<[string, string, string]>([
    ['one key too short', 'k'.repeat(31), 'SECRET_KEY must be at least 32 characters long, got 31'],
    ['the old key too short', `${'k'.repeat(32)},${'o'.repeat(12)}`, 'SECRET_KEY key 2 of 2 must be at least 32'],
    ['an empty key between commas', `${'k'.repeat(32)},,${'o'.repeat(32)}`, 'SECRET_KEY key 2 of 3 must be at least'],
    ['a trailing comma', `${'k'.repeat(32)},`, 'SECRET_KEY key 2 of 2 must be at least 32 characters long, got 0'],
    [
      'nine keys',
      Array.from({ length: 9 }, (_, i) => `${i}`.repeat(32)).join(','),
      'SECRET_KEY holds 9 keys; at most 8',
    ],
  ])('SECRET_KEY with %s is refused, and the message never shows a key', ([, value, message]) => {
    let error: unknown;
    try {
      parseConfig({ SECRET_KEY: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(message);
    for (const key of value.split(',').filter((key) => key.length > 0)) {
      expect((error as Error).message).not.toContain(key.slice(0, 8));
    }
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

  test.for(['postgres://skydeck@db.internal:5432/skydeck', 'postgresql://127.0.0.1/test?sslmode=require'])(
    'DATABASE_URL %s (Postgres) is accepted as given',
    (url) => {
      expect(parseConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    },
  );

  test('DATABASE_POOL_MAX defaults to 10 and REDIS_URL to none (memory)', () => {
    const config = parseConfig({});
    expect([config.databasePoolMax, config.redisUrl]).toEqual([10, null]);
    const set = parseConfig({ DATABASE_POOL_MAX: '1000', REDIS_URL: 'redis://127.0.0.1:6379/2' });
    expect([set.databasePoolMax, set.redisUrl]).toEqual([1000, 'redis://127.0.0.1:6379/2']);
  });

  test('a refused DATABASE_URL is not echoed: it may hold a password', () => {
    expect(() => parseConfig({ DATABASE_URL: 'mysql://u:hunter2@db/x' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });

  test.for(['0 * * * *', '*/15 * * * *', '0 0 * * MON-FRI', '30 0 */6 * * *', '@daily'])(
    'SNAPSHOT_CRON "%s" is accepted',
    (expression) => {
      expect(parseConfig({ SNAPSHOT_CRON: expression }).snapshotCron).toBe(expression);
    },
  );

  test.for(['0123456789abcdef', 'a-b.c_d~e+f/g0123456==', 'x'.repeat(200)])(
    'METRICS_TOKEN "%s" is accepted',
    (token) => {
      expect(parseConfig({ METRICS_TOKEN: ` ${token} ` }).metricsToken).toBe(token);
    },
  );

  test('a refused METRICS_TOKEN is never echoed in the message: it is a secret', () => {
    for (const token of ['hunter2', 'has spaces in the middle!', 'bad"quote0123456789']) {
      expect(() => parseConfig({ METRICS_TOKEN: token })).toThrow(ConfigError);
      expect(() => parseConfig({ METRICS_TOKEN: token })).not.toThrow(token);
    }
  });

  test('RATE_LIMIT_PER_MINUTE is a whole number; 0 turns the limit off', () => {
    expect(parseConfig({ RATE_LIMIT_PER_MINUTE: '60' }).rateLimitPerMinute).toBe(60);
    expect(parseConfig({ RATE_LIMIT_PER_MINUTE: '0' }).rateLimitPerMinute).toBe(0);
  });

  test.for<[string, boolean | string[]]>([
    ['false', false],
    ['true', true],
    ['127.0.0.1', ['127.0.0.1']],
    ['10.0.0.0/8, 192.168.1.7,::1', ['10.0.0.0/8', '192.168.1.7', '::1']],
    ['fd00::/8,loopback', ['fd00::/8', 'loopback']],
    ['uniquelocal, linklocal', ['uniquelocal', 'linklocal']],
  ])('TRUST_PROXY "%s" is read as %j', ([raw, expected]) => {
    expect(parseConfig({ TRUST_PROXY: raw }).trustProxy).toEqual(expected);
  });

  test('production with every key set is valid and has no demo mode', () => {
    const config = parseConfig(PRODUCTION);
    expect(config.weather.apiKey).toBe('key');
    expect(config.github.clientId).toBe('id');
  });

  test.for<[string, Record<string, string>, string]>([
    ['PORT not a number', { PORT: 'abc' }, 'PORT must be a whole number, got "abc"'],
    ['PORT out of range', { PORT: '70000' }, 'PORT must be between 0 and 65535, got 70000'],
    ['PORT negative', { PORT: '-1' }, 'PORT must be a whole number, got "-1"'],
    ['PORT with a line break inside', { PORT: '80\n80' }, 'PORT must be a whole number, got "80\\u000a80"'],
    ['a long value, echoed cut short', { LOG_LEVEL: 'x'.repeat(10_000) }, `got "${'x'.repeat(60)}…"`],
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
    ['RATE_LIMIT_PER_MINUTE words', { RATE_LIMIT_PER_MINUTE: 'lots' }, 'RATE_LIMIT_PER_MINUTE must be a whole'],
    ['RATE_LIMIT_PER_MINUTE negative', { RATE_LIMIT_PER_MINUTE: '-5' }, 'RATE_LIMIT_PER_MINUTE must be a whole'],
    [
      'RATE_LIMIT_PER_MINUTE too large',
      { RATE_LIMIT_PER_MINUTE: '2000000' },
      'RATE_LIMIT_PER_MINUTE must be between 0 and 1000000, got 2000000',
    ],
    [
      'TRUST_PROXY yes',
      { TRUST_PROXY: 'yes' },
      'TRUST_PROXY must be true, false, or proxy addresses/CIDR ranges separated by commas, got "yes"',
    ],
    ['TRUST_PROXY a hop count', { TRUST_PROXY: '1' }, 'TRUST_PROXY must be true, false, or proxy'],
    ['TRUST_PROXY IPv4 prefix 33', { TRUST_PROXY: '10.0.0.0/33' }, 'got "10.0.0.0/33"'],
    ['TRUST_PROXY IPv6 prefix 129', { TRUST_PROXY: '::1/129' }, 'got "::1/129"'],
    ['TRUST_PROXY a word prefix', { TRUST_PROXY: '10.0.0.0/eight' }, 'got "10.0.0.0/eight"'],
    ['TRUST_PROXY two slashes', { TRUST_PROXY: '10.0.0.0/8/8' }, 'got "10.0.0.0/8/8"'],
    ['TRUST_PROXY empty entry', { TRUST_PROXY: '10.0.0.1,,10.0.0.2' }, 'got ""'],
    ['SECRET_KEY too short', { SECRET_KEY: 'short' }, 'SECRET_KEY must be at least 32 characters long, got 5'],
    ['METRICS_TOKEN too short', { METRICS_TOKEN: 'short' }, 'METRICS_TOKEN must be at least 16 characters long, got 5'],
    ['METRICS_TOKEN with a space', { METRICS_TOKEN: 'abcdefgh ijklmnop' }, 'METRICS_TOKEN may hold only letters'],
    ['METRICS_TOKEN with a comma', { METRICS_TOKEN: 'abcdefgh,ijklmnop' }, 'METRICS_TOKEN may hold only letters'],
    ['METRICS_TOKEN = inside', { METRICS_TOKEN: 'abcdefgh=ijklmnop' }, 'METRICS_TOKEN may hold only letters'],
    [
      'LOG_LEVEL unknown',
      { LOG_LEVEL: 'loud' },
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    ],
    ['NODE_ENV unknown', { NODE_ENV: 'staging' }, 'NODE_ENV must be one of development, production, test'],
    [
      'DATABASE_URL mysql',
      { DATABASE_URL: 'mysql://u:hunter2@db/skydeck' },
      'DATABASE_URL must be "file:<path>", ":memory:" or a postgres:// URL',
    ],
    ['DATABASE_URL empty file', { DATABASE_URL: 'file:' }, 'DATABASE_URL must be'],
    ['DATABASE_URL broken postgres', { DATABASE_URL: 'postgres://u:p@[::1' }, 'DATABASE_URL is not a valid'],
    ['DATABASE_POOL_MAX zero', { DATABASE_POOL_MAX: '0' }, 'DATABASE_POOL_MAX must be between 1 and 1000, got 0'],
    ['REDIS_URL http', { REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL must be a redis:// or rediss:// URL'],
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

describe('parseConfig at the edges', () => {
  /** The ConfigError parseConfig throws for `env`, or undefined when it accepts it. */
  function refusal(env: Record<string, string>): ConfigError | undefined {
    try {
      parseConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    return undefined;
  }

  test('a ConfigError prints as one, so a log or a stack names what went wrong', () => {
    expect(String(refusal({ PORT: 'abc' }))).toBe('ConfigError: PORT must be a whole number, got "abc"');
  });

  test.for<[string, Record<string, string>, string]>([
    [
      'a value of 60 characters, shown whole',
      { LOG_LEVEL: 'x'.repeat(60) },
      `LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "${'x'.repeat(60)}"`,
    ],
    [
      'a value of 61 characters, cut to 60',
      { LOG_LEVEL: 'x'.repeat(61) },
      `LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "${'x'.repeat(60)}…"`,
    ],
    [
      'a DATABASE_URL with postgres:// not at its start',
      { DATABASE_URL: 'jdbc:postgresql://db.internal:5432/skydeck' },
      'DATABASE_URL must be "file:<path>", ":memory:" or a postgres:// URL',
    ],
    [
      'a REDIS_URL with redis:// not at its start',
      { REDIS_URL: 'ioredis://127.0.0.1:6379' },
      'REDIS_URL must be a redis:// or rediss:// URL',
    ],
    [
      'a TRUST_PROXY prefix with a sign',
      { TRUST_PROXY: '10.0.0.0/+8' },
      'TRUST_PROXY must be true, false, or proxy addresses/CIDR ranges separated by commas, got "10.0.0.0/+8"',
    ],
    [
      'a TRUST_PROXY prefix with a decimal point',
      { TRUST_PROXY: '10.0.0.0/8.0' },
      'TRUST_PROXY must be true, false, or proxy addresses/CIDR ranges separated by commas, got "10.0.0.0/8.0"',
    ],
  ])('%s is refused', ([, env, message]) => {
    expect(refusal(env)?.message).toBe(message);
  });

  test('PUBLIC_URL loses every trailing slash, not only the last', () => {
    expect(parseConfig({ PUBLIC_URL: 'https://example.com/skydeck///' }).publicUrl).toBe('https://example.com/skydeck');
  });

  test('SECRET_KEY may hold as many as 8 keys', () => {
    const keys = Array.from({ length: 8 }, (_, i) => `${i}`.repeat(32));
    expect(parseConfig({ SECRET_KEY: keys.join(',') }).secretKeys).toEqual(keys);
  });

  test.for(['10.0.0.0/16', '10.0.0.1/32', '10.0.0.0/0', '::1/128', 'fd00::/64'])(
    'TRUST_PROXY range %s (prefix within 0-32 for IPv4, 0-128 for IPv6) is accepted',
    (range) => {
      expect(parseConfig({ TRUST_PROXY: range }).trustProxy).toEqual([range]);
    },
  );
});

describe('integer settings at their bounds', () => {
  /** Each whole-number setting, how to read it back, and the range it documents. */
  const SETTINGS: Array<[string, (config: Config) => number, number, number]> = [
    ['PORT', (config) => config.port, 0, 65_535],
    ['DATABASE_POOL_MAX', (config) => config.databasePoolMax, 1, 1000],
    ['WEATHER_TIMEOUT_MS', (config) => config.weather.timeoutMs, 1, 120_000],
    ['WEATHER_CACHE_TTL_S', (config) => config.weather.cache.ttlS, 1, 86_400],
    ['WEATHER_STALE_S', (config) => config.weather.cache.staleS, 0, 604_800],
    ['WEATHER_CACHE_MAX', (config) => config.weather.cache.max, 1, 1_000_000],
    ['RATE_LIMIT_PER_MINUTE', (config) => config.rateLimitPerMinute, 0, 1_000_000],
  ];

  test.for(SETTINGS.flatMap(([name, read, min, max]) => [[name, min, read] as const, [name, max, read] as const]))(
    '%s=%i (a bound) is accepted as given',
    ([name, value, read]) => {
      expect(read(parseConfig({ [name]: String(value) }))).toBe(value);
    },
  );

  test.for(
    SETTINGS.flatMap(([name, , min, max]) => [
      // Below 0 is refused before the range is looked at: "-1" is not a whole number.
      [
        name,
        min - 1,
        min === 0
          ? `${name} must be a whole number, got "-1"`
          : `${name} must be between ${min} and ${max}, got ${min - 1}`,
      ],
      [name, max + 1, `${name} must be between ${min} and ${max}, got ${max + 1}`],
    ]) as Array<[string, number, string]>,
  )('%s=%i (one beyond a bound) is refused: "%s"', ([name, value, message]) => {
    let error: unknown;
    try {
      parseConfig({ [name]: String(value) });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(message);
  });
});

describe('properties: any string in any variable', () => {
  /** Any text a .env line or a shell can hold: whitespace, digits, signs, controls and line breaks, any Unicode. */
  const anyValue = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.string({
      unit: fc.constantFrom(' ', '\t', '\n', '\r', '\u2028', '\u0085', '0', '1', '9', '-', '+', '.', 'e', 'x'),
      maxLength: 30,
    }),
    fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }).map(String),
    fc
      .tuple(fc.constantFrom('', ' ', '\t'), fc.integer({ min: -10, max: 1_100_000 }), fc.constantFrom('', ' ', '\n'))
      .map(([before, n, after]) => `${before}${n}${after}`),
  );

  /** The Config, or the ConfigError; anything else thrown is a crash, and fails the property. */
  function parse(env: Record<string, string>): Config | ConfigError {
    try {
      return parseConfig({ SECRET_KEY: TEST_ENV.SECRET_KEY, ...env });
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
  }

  test.for<[string, (config: Config) => number, number, number, number]>([
    ['PORT', (config) => config.port, 0, 65_535, 3000],
    ['DATABASE_POOL_MAX', (config) => config.databasePoolMax, 1, 1000, 10],
    ['WEATHER_TIMEOUT_MS', (config) => config.weather.timeoutMs, 1, 120_000, 5000],
    ['RATE_LIMIT_PER_MINUTE', (config) => config.rateLimitPerMinute, 0, 1_000_000, 300],
    ['WEATHER_CACHE_TTL_S', (config) => config.weather.cache.ttlS, 1, 86_400, 600],
    ['WEATHER_STALE_S', (config) => config.weather.cache.staleS, 0, 7 * 86_400, 3600],
    ['WEATHER_CACHE_MAX', (config) => config.weather.cache.max, 1, 1_000_000, 10_000],
  ])(
    '%s: the whole number within [min, max] it says, the default when blank, or one line naming it',
    ([name, read, min, max, fallback]) => {
      fc.assert(
        fc.property(anyValue, (value) => {
          const result = parse({ [name]: value });
          const text = value.trim();
          const valid = /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max;
          if (result instanceof ConfigError) {
            expect(valid).toBe(false);
            expect(result.message.startsWith(`${name} must be `)).toBe(true);
            expect(result.message).not.toMatch(/[\p{Cc}\u2028\u2029]/u);
            expect(result.message.length).toBeLessThan(200);
          } else {
            expect(valid || text === '').toBe(true);
            expect(read(result)).toBe(text === '' ? fallback : Number(text));
          }
        }),
        { numRuns: 60 },
      );
    },
  );

  const ALL_VARIABLES = [
    ...Object.keys(TEST_ENV),
    ...['HOST', 'GITHUB_OAUTH_URL', 'GITHUB_API_URL', 'WEATHER_API_URL', 'SNAPSHOT_CRON', 'TRUST_PROXY', 'REDIS_URL'],
    'METRICS_TOKEN',
  ];
  test.for(ALL_VARIABLES)('%s: a Config, or a ConfigError of one bounded line, never a crash', (name) => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const result = parse({ ...TEST_ENV, [name]: value });
        if (!(result instanceof ConfigError)) return;
        expect(result.message).not.toMatch(/[\p{Cc}\u2028\u2029]/u);
        expect(result.message.length).toBeLessThan(300);
      }),
      { numRuns: 20 },
    );
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

  test('without a path, loadConfig() and loadEnv() read .env from the working directory', {
    timeout: 20_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skydeck-env-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, '.env'), 'PORT=4321\n');
    const configModule = new URL('../src/config.ts', import.meta.url).href;
    // Worker threads cannot change directory: a process of its own, started in `dir`, as `npm start` would be.
    writeFileSync(
      join(dir, 'print.mjs'),
      `import { loadConfig, loadEnv } from ${JSON.stringify(configModule)};
const fromLoadEnv = loadEnv().PORT;
delete process.env.PORT;
console.log(JSON.stringify([fromLoadEnv, loadConfig().port]));`,
    );
    const runTs = fileURLToPath(new URL('../scripts/run-ts.mjs', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [runTs, join(dir, 'print.mjs')], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(JSON.parse(stdout)).toEqual(['4321', 4321]);
  });

  test('works without a .env file', () => {
    vi.stubEnv('PORT', '5555');
    expect(loadConfig('/nonexistent/.env').port).toBe(5555);
  });
});
