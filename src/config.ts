/**
 * The only reader of process.env. `parseConfig` turns an environment into a
 * validated, typed Config or throws a ConfigError whose message is one line
 * naming the variable and what is wrong with it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { Cron } from 'croner';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  nodeEnv: NodeEnv;
  port: number;
  host: string;
  /** The address users see, without a trailing slash. */
  publicUrl: string;
  /** Cookies get the Secure flag when the public address is https. */
  secureCookies: boolean;
  /**
   * Keys that sign cookies (HMAC): the first signs, every one verifies, so a key can be
   * rotated in without signing everyone out. Never logged, never in an error message.
   */
  secretKeys: readonly string[];
  logLevel: LogLevel;
  databaseUrl: string;
  /** Postgres connections per instance. */
  databasePoolMax: number;
  /** Shared state across instances (cache, rate limits, back-pressure); null keeps it in process memory. */
  redisUrl: string | null;
  weather: {
    /** null means demo mode: the built-in fake OpenWeatherMap answers. */
    apiKey: string | null;
    apiUrl: string;
    timeoutMs: number;
    cache: {
      /** How long a provider answer is served without asking again. */
      ttlS: number;
      /** After the TTL, how long an old answer may still be served when the provider fails. */
      staleS: number;
      /** Most lookups kept; the least recently used go first. */
      max: number;
    };
  };
  github: {
    /** null means demo mode: the built-in fake GitHub answers. */
    clientId: string | null;
    clientSecret: string | null;
    oauthUrl: string;
    apiUrl: string;
  };
  snapshotCron: string;
  /** Bearer token that GET /metrics requires; null means there is no /metrics route. */
  metricsToken: string | null;
  /** Requests per minute per client address on the routes that cost work (src/http/rate-limit.ts); 0 is off. */
  rateLimitPerMinute: number;
  /**
   * Whose X-Forwarded-For to believe for the client's address: nobody's (false), every hop's (true),
   * or the proxies at these addresses/CIDR ranges (Fastify's trustProxy).
   */
  trustProxy: boolean | string[];
  /** Things worth a warning at start-up (never secrets). */
  warnings: string[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const NODE_ENVS: readonly NodeEnv[] = ['development', 'production', 'test'];
const MIN_SECRET_LENGTH = 32;
/** Each unverifiable cookie costs one HMAC per key: a rotation needs two or three, not dozens. */
const MAX_SECRET_KEYS = 8;
const MIN_METRICS_TOKEN_LENGTH = 16;
/** RFC 6750's b64token: what fits in `Authorization: Bearer <token>` as is. */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
/** The most characters of a refused value a message repeats. */
const MAX_SHOWN = 60;
const LINE_BREAKING = /[\p{Cc}\u2028\u2029]/gu;
/** proxy-addr's names for address ranges, which Fastify's trustProxy accepts besides addresses. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** Reads `.env` when present (real environment variables win), then parses. */
export function loadConfig(envFile = '.env'): Config {
  return parseConfig(loadEnv(envFile));
}

/** The process's environment, with `.env` read into it when present (real environment variables win). */
export function loadEnv(envFile = '.env'): Env {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return process.env;
}

export function parseConfig(env: Env): Config {
  const warnings: string[] = [];
  const nodeEnv = oneOf(env, 'NODE_ENV', NODE_ENVS, 'development');
  const production = nodeEnv === 'production';
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const publicUrl = httpUrl(env, 'PUBLIC_URL', `http://localhost:${port}`);

  const weatherApiKey = optional(env, 'WEATHER_API_KEY');
  const clientId = optional(env, 'GITHUB_CLIENT_ID');
  const clientSecret = optional(env, 'GITHUB_CLIENT_SECRET');
  if ((clientId === null) !== (clientSecret === null)) {
    const missing = clientId === null ? 'GITHUB_CLIENT_ID' : 'GITHUB_CLIENT_SECRET';
    fail(missing, 'is required when the other GitHub OAuth credential is set');
  }
  if (production) {
    if (weatherApiKey === null) fail('WEATHER_API_KEY', 'is required in production (demo mode is off)');
    if (clientId === null) fail('GITHUB_CLIENT_ID', 'is required in production (demo mode is off)');
  }

  return {
    nodeEnv,
    port,
    host: optional(env, 'HOST') ?? '127.0.0.1',
    publicUrl,
    secureCookies: publicUrl.startsWith('https:'),
    secretKeys: secretKeys(env, production, warnings),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    databaseUrl: databaseUrl(env),
    databasePoolMax: integer(env, 'DATABASE_POOL_MAX', 10, 1, 1000),
    redisUrl: redisUrl(env),
    weather: {
      apiKey: weatherApiKey,
      apiUrl: httpUrl(env, 'WEATHER_API_URL', 'https://api.openweathermap.org'),
      timeoutMs: integer(env, 'WEATHER_TIMEOUT_MS', 5000, 1, 120_000),
      cache: {
        ttlS: integer(env, 'WEATHER_CACHE_TTL_S', 600, 1, 86_400),
        staleS: integer(env, 'WEATHER_STALE_S', 3600, 0, 7 * 86_400),
        max: integer(env, 'WEATHER_CACHE_MAX', 10_000, 1, 1_000_000),
      },
    },
    github: {
      clientId,
      clientSecret,
      oauthUrl: httpUrl(env, 'GITHUB_OAUTH_URL', 'https://github.com'),
      apiUrl: httpUrl(env, 'GITHUB_API_URL', 'https://api.github.com'),
    },
    snapshotCron: cron(env, 'SNAPSHOT_CRON', '0 * * * *'),
    metricsToken: metricsToken(env),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 300, 0, 1_000_000),
    trustProxy: trustProxy(env, 'TRUST_PROXY'),
    warnings,
  };
}

/** One line, whatever a value held: control characters and line separators are written as \\u escapes. */
function fail(name: string, problem: string): never {
  throw new ConfigError(
    `${name} ${problem}`.replace(LINE_BREAKING, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
}

/** A value echoed in a message, quoted; a long one cut short, so a megabyte of .env is not a megabyte of log. */
function shown(value: string): string {
  const characters = [...value];
  return characters.length > MAX_SHOWN ? `"${characters.slice(0, MAX_SHOWN).join('')}…"` : `"${value}"`;
}

/** Unset and blank are the same: a blank line in .env means "not configured". */
function optional(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) fail(name, `must be a whole number, got ${shown(raw)}`);
  const value = Number(raw);
  if (value < min || value > max) fail(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    fail(name, `must be one of ${allowed.join(', ')}, got ${shown(raw)}`);
  }
  return raw as T;
}

/** An http(s) base address, returned without a trailing slash so paths can be appended. */
function httpUrl(env: Env, name: string, fallback: string): string {
  const raw = optional(env, name) ?? fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    fail(name, `must be an absolute http(s) URL, got ${shown(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    fail(name, `must use http or https, got ${shown(url.protocol)}`);
  }
  if (url.search || url.hash) fail(name, 'must not have a query string or fragment');
  return url.href.replace(/\/+$/, '');
}

/**
 * SECRET_KEY: one key, or several separated by commas (new first, old after while rotating).
 * Messages say which key is wrong and how, never what it holds.
 */
function secretKeys(env: Env, production: boolean, warnings: string[]): string[] {
  const raw = optional(env, 'SECRET_KEY');
  if (raw === null) {
    if (production) fail('SECRET_KEY', `is required in production (${MIN_SECRET_LENGTH}+ characters)`);
    warnings.push('SECRET_KEY is not set: using a random key for this run only (sign-ins end when it stops)');
    return [randomBytes(32).toString('base64url')];
  }
  const keys = raw.split(',').map((key) => key.trim());
  if (keys.length > MAX_SECRET_KEYS) fail('SECRET_KEY', `holds ${keys.length} keys; at most ${MAX_SECRET_KEYS}`);
  keys.forEach((key, i) => {
    const which = keys.length === 1 ? '' : ` key ${i + 1} of ${keys.length}`;
    if (key.length < MIN_SECRET_LENGTH) {
      fail(`SECRET_KEY${which}`, `must be at least ${MIN_SECRET_LENGTH} characters long, got ${key.length}`);
    }
  });
  return keys;
}

/** Optional; when set, long enough not to be guessed and sendable as a Bearer token. Never echoed: it is a secret. */
function metricsToken(env: Env): string | null {
  const raw = optional(env, 'METRICS_TOKEN');
  if (raw === null) return null;
  if (raw.length < MIN_METRICS_TOKEN_LENGTH) {
    fail('METRICS_TOKEN', `must be at least ${MIN_METRICS_TOKEN_LENGTH} characters long, got ${raw.length}`);
  }
  if (!BEARER_TOKEN.test(raw)) {
    fail('METRICS_TOKEN', 'may hold only letters, digits and - . _ ~ + / (with = at the end), as a Bearer token can');
  }
  return raw;
}

function databaseUrl(env: Env): string {
  const raw = optional(env, 'DATABASE_URL') ?? 'file:./data/skydeck.db';
  if (raw === ':memory:') return raw;
  if (raw.startsWith('file:') && raw.length > 'file:'.length) return raw;
  if (/^postgres(ql)?:\/\//.test(raw)) {
    if (!URL.canParse(raw)) fail('DATABASE_URL', 'is not a valid postgres:// URL');
    return raw;
  }
  // Never echo a URL that may hold a password.
  return fail('DATABASE_URL', 'must be "file:<path>", ":memory:" or a postgres:// URL');
}

function redisUrl(env: Env): string | null {
  const raw = optional(env, 'REDIS_URL');
  if (raw === null) return null;
  if (!/^rediss?:\/\//.test(raw) || !URL.canParse(raw)) fail('REDIS_URL', 'must be a redis:// or rediss:// URL');
  return raw;
}

/**
 * Five fields (minute precision) or six (with seconds), parsed by croner as the
 * snapshot scheduler will (UTC, 5-or-6 parts), so a bad one stops start-up here.
 */
function cron(env: Env, name: string, fallback: string): string {
  const raw = optional(env, name) ?? fallback;
  let next: Date | null;
  try {
    const parsed = new Cron(raw, {
      // Stryker disable next-line BooleanLiteral: given no function croner starts no timer, paused or not, and nextRun() ignores it
      paused: true,
      // Stryker disable next-line StringLiteral: only nextRun() === null is read, and whether a pattern ever matches again is the same in every zone (croner moves DST-gap times, never skips them)
      timezone: 'UTC',
      mode: '5-or-6-parts',
    });
    next = parsed.nextRun();
    parsed.stop();
  } catch (error) {
    // Stryker disable next-line Regex: every croner message that can hold "CronPattern: " (the pattern echoed) starts with it
    const reason = (error as Error).message.replace(/^CronPattern: /, '');
    fail(name, `must be a cron expression with 5 or 6 fields, got ${shown(raw)} (${reason})`);
  }
  if (next === null) fail(name, `never matches a time, got ${shown(raw)}`);
  return raw;
}

/** `false` (default), `true`, or a comma-separated list of proxy addresses, CIDR ranges or range names. */
function trustProxy(env: Env, name: string): boolean | string[] {
  const raw = optional(env, name);
  if (raw === null || raw === 'false') return false;
  if (raw === 'true') return true;
  const proxies = raw.split(',').map((entry) => entry.trim());
  for (const proxy of proxies) {
    if (!PROXY_RANGE_NAMES.includes(proxy) && !isAddressOrRange(proxy)) {
      fail(name, `must be true, false, or proxy addresses/CIDR ranges separated by commas, got ${shown(proxy)}`);
    }
  }
  return proxies;
}

function isAddressOrRange(text: string): boolean {
  const [
    // Stryker disable next-line StringLiteral: split() returns at least one element, so this default is never used
    address = '',
    prefix,
    ...rest
  ] = text.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}
