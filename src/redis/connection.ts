/**
 * The one Redis connection a set of services shares (REDIS_URL): the weather
 * cache, the rate-limit counters and the providers' back-pressure go through
 * it. Redis is a helper, never a dependency: every user of this connection
 * asks `isUp()` first and keeps to its own memory while Redis is away.
 *
 * - Commands fail fast when Redis is away (no offline queue, one attempt, a
 *   short timeout), so a request never waits on a Redis that is not there.
 * - It reconnects by itself, forever, with a backoff bounded by
 *   MAX_RECONNECT_DELAY_MS.
 * - One warning line per outage, one info line when Redis is back; the URL in
 *   them has its password masked.
 */
import { Redis } from 'ioredis';

/** A Redis that has not answered a command in this long is treated as away for that command. */
export const COMMAND_TIMEOUT_MS = 250;
export const CONNECT_TIMEOUT_MS = 2000;
/** Reconnection attempts start 100 ms apart and double, up to this. */
export const MAX_RECONNECT_DELAY_MS = 5000;

/** What the connection logs through: the app's logger (pino), or anything with these two methods. */
export interface RedisLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface SharedRedis {
  /** The ioredis client; check `isUp()` before using it. */
  readonly client: Redis;
  /** A key under this connection's prefix (`skydeck:` by default): `key('weather', k)` → `skydeck:weather:k`. */
  key(...parts: string[]): string;
  /** Connected and ready; false while connecting, after a failure and until it is back. */
  isUp(): boolean;
  /** Starts connecting (once; later calls do nothing); outages and recoveries are logged to `log`. */
  start(log: RedisLog): void;
  /** One round trip, rejecting when Redis does not answer within COMMAND_TIMEOUT_MS. */
  ping(): Promise<void>;
  /** Stops reconnecting and closes the connection. */
  close(): Promise<void>;
}

export interface SharedRedisOptions {
  url: string;
  /** Every key starts with this; tests give each their own. */
  prefix?: string;
  /** Caps the reconnection backoff (tests shorten it). */
  maxReconnectDelayMs?: number;
}

export function sharedRedis({
  url,
  prefix = 'skydeck:',
  maxReconnectDelayMs = MAX_RECONNECT_DELAY_MS,
}: SharedRedisOptions): SharedRedis {
  const client = new Redis(url, {
    lazyConnect: true, // connects on start(), once there is a logger to report to
    enableOfflineQueue: false, // while away, a command fails at once instead of waiting in a queue
    maxRetriesPerRequest: 1,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 10), maxReconnectDelayMs),
  });
  const where = maskPassword(url);
  let state: 'idle' | 'connecting' | 'up' | 'down' | 'closed' = 'idle';
  let log: RedisLog | undefined;

  const down = (reason: string) => {
    if (state === 'down' || state === 'closed') return;
    state = 'down';
    // Stryker disable next-line OptionalChaining: start() sets the log before it connects, and no event comes before that
    log?.warn(`redis: ${where} unreachable (${reason}); each instance keeps to its own memory until it is back`);
  };
  client.on('ready', () => {
    // Stryker disable next-line ConditionalExpression,StringLiteral: ioredis sends no 'ready' after quit() or disconnect(); kept so a closed connection can never say it is back
    if (state === 'closed') return;
    // Stryker disable next-line OptionalChaining: start() sets the log before it connects, and no event comes before that
    log?.info(state === 'down' ? `redis: ${where} is back; sharing again` : `redis: connected to ${where}`);
    state = 'up';
  });
  // Without a listener ioredis would print every failed reconnection attempt; one line per outage is enough.
  client.on('error', (error: NodeJS.ErrnoException) => down(error.code ?? error.message));
  client.on('close', () => down('connection closed'));

  return {
    client,
    key: (...parts) => prefix + parts.join(':'),
    // 'up' from ioredis's 'ready' until its 'close' (emitted as the connection is lost) or close() here.
    isUp: () => state === 'up',
    start(logTo) {
      if (state !== 'idle') return;
      log = logTo;
      // Stryker disable next-line StringLiteral: no check asks for 'connecting'; any state but 'idle' makes a second start() do nothing
      state = 'connecting';
      // A first failure is reported by the 'error' listener, and retried like any other.
      client.connect().catch(() => {});
    },
    async ping() {
      await client.ping();
    },
    async close() {
      state = 'closed';
      // QUIT lets a live connection finish its replies; one that is away is just dropped (and not retried).
      if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client.disconnect();
    },
  };
}

/** The URL as logs may show it: a password becomes `***`. */
export function maskPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.href;
}
